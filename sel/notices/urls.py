from django.urls import path

from sel.notices.feeds import NewsletterFeed
from sel.notices.views import public

app_name = "notices"

urlpatterns = [
    path("infolettres/", public.newsletter_list, name="newsletter_list"),
    path("infolettres/<int:newsletter_id>/", public.newsletter_detail, name="newsletter_detail"),
    path("infolettres/rss/", NewsletterFeed(), name="feed"),
    path("infolettres/rss/<slug:audience>/", NewsletterFeed(), name="feed_audience"),
    path("aide/", public.help_index, name="help"),
    path("aide/<slug:slug>/", public.help_page, name="help_page"),
    path("nous-joindre/", public.contact, name="contact"),
]
