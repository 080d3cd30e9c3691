from django.urls import path

from walkout.day import hub_views

app_name = "day_hub"
urlpatterns = [
    path("legal-contacts/", hub_views.contacts, name="contacts"),
    path("legal-contacts/<int:pk>/", hub_views.contact_edit, name="contact_edit"),
    path("legal-contacts/<int:pk>/delete/", hub_views.contact_delete, name="contact_delete"),
    path("summaries/", hub_views.summaries, name="summaries"),
    path("summaries/<str:public_id>/decide/", hub_views.decide_summary, name="decide_summary"),
]
