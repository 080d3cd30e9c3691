from django.urls import path

from walkout.press.views import advisory, crew

app_name = "press"
urlpatterns = [
    path("w/<str:public_id>/press/", advisory.public_advisory, name="advisory"),
    path("w/<str:public_id>/press.pdf", advisory.public_advisory_pdf, name="advisory_pdf"),
    path("crew/<str:token>/press/", crew.press_page, name="crew"),
    path("crew/<str:token>/press/advisory/", advisory.crew_advisory, name="crew_advisory"),
    path(
        "crew/<str:token>/press/advisory.pdf", advisory.crew_advisory_pdf, name="crew_advisory_pdf"
    ),
]
