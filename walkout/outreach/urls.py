from django.urls import path

from walkout.outreach.views import material, rsvp

app_name = "outreach"
urlpatterns: list = [
    path("w/<str:public_id>/in/", rsvp.rsvp, name="rsvp"),
    # Flyers, posters and share images (views/material.py)
    path("w/<str:public_id>/print/<str:paper>/<str:language>.pdf", material.flyer, name="flyer"),
    path("w/<str:public_id>/share/<str:kind>/<str:language>.png", material.share, name="share"),
    path("crew/<str:token>/print/", material.crew_material, name="crew_material"),
    path(
        "crew/<str:token>/print/<str:paper>/<str:language>.pdf",
        material.crew_flyer,
        name="crew_flyer",
    ),
    path(
        "crew/<str:token>/share/<str:kind>/<str:language>.png",
        material.crew_share,
        name="crew_share",
    ),
]
