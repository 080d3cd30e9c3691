from django.urls import path

from walkout.cases import views

app_name = "cases"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/case/<str:code>/", views.case, name="case"),
    path("report/case/<str:code>/more/", views.case_more, name="case_more"),
]
