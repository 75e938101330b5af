from django.urls import path

from sel.notices import views
from sel.notices.feeds import NewsletterFeed

app_name = "notices"

urlpatterns = [
    path("infolettres/", views.newsletter_list, name="newsletter_list"),
    path("infolettres/<int:newsletter_id>/", views.newsletter_detail, name="newsletter_detail"),
    path("infolettres/rss/", NewsletterFeed(), name="feed"),
    path("infolettres/rss/<slug:audience>/", NewsletterFeed(), name="feed_audience"),
    path("aide/", views.help_index, name="help"),
    path("aide/<slug:slug>/", views.help_page, name="help_page"),
    path("nous-joindre/", views.contact, name="contact"),
]
