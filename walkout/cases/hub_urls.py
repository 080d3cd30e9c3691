from django.urls import path

from walkout.cases import hub_views

app_name = "cases_hub"
urlpatterns = [
    path("cases/", hub_views.cases, name="cases"),
    path("cases/keys/", hub_views.keys, name="keys"),
    path("cases/keys/<str:kid>/activate/", hub_views.activate_key, name="activate_key"),
    path("cases/keys/<str:kid>/revoke/", hub_views.revoke_key, name="revoke_key"),
    path("cases/<str:public_id>/", hub_views.case, name="case"),
    path("cases/<str:public_id>/status/", hub_views.set_status, name="status"),
    path("cases/<str:public_id>/note/", hub_views.add_note, name="note"),
]
