"""django.contrib.admin's app, with the console's own site (sel.portal.admin_site) as admin.site.
Kept apart from the site itself, which imports models the app registry is not ready for yet."""

from django.contrib.admin.apps import AdminConfig


class SelAdminConfig(AdminConfig):
    default_site = "sel.portal.admin_site.SelAdminSite"
