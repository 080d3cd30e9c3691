from django.urls import path

from walkout.press.views import hub

app_name = "press_hub"
urlpatterns = [
    path("tiplines/", hub.tipline_list, name="tiplines"),
    path("tiplines/new/", hub.tipline_form, name="tipline_new"),
    path("tiplines/<int:pk>/", hub.tipline_form, name="tipline_edit"),
    path("tiplines/<int:pk>/active/", hub.tipline_active, name="tipline_active"),
    path("tiplines/suggestions/", hub.suggestion_list, name="suggestions"),
    path("tiplines/suggestions/<int:pk>/", hub.suggestion_decide, name="suggestion_decide"),
]
