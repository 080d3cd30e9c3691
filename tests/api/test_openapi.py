"""The OpenAPI document is valid, names every endpoint, and real responses match it."""

import jsonschema
import pytest
from django.urls import resolve
from django.utils import translation
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from tests.factories import ActionFactory, SchoolFactory, WalkoutFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/openapi.json"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def document(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    return response.json()


def test_document_is_valid_openapi_3_1(document):
    validate(document, cls=OpenAPIV31SpecValidator)

    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/v1/"}]


def test_document_names_every_endpoint(document):
    paths = sorted(document["paths"])

    assert paths == [
        "/campaigns",
        "/campaigns/{slug}",
        "/stats",
        "/walkouts",
        "/walkouts.geojson",
        "/walkouts/{id}",
    ]
    for path in paths:
        match = resolve("/api/v1" + path.replace("{slug}", "s").replace("{id}", "i"))
        assert match.namespace == "api", path


def schema_for(document, name):
    """A JSON Schema (2020-12, as OpenAPI 3.1 uses) for one component of the document."""
    return jsonschema.Draft202012Validator(
        {**document, "$ref": f"#/components/schemas/{name}"},
        format_checker=jsonschema.FormatChecker(),
    )


def test_responses_match_the_document(client, document):
    action = ActionFactory()
    WalkoutFactory(action=action)
    walkout = WalkoutFactory(
        action=action,
        school=SchoolFactory(name="Roosevelt High", state="PR", city="San Juan"),
    )
    checks = {
        "CampaignPage": "/api/v1/campaigns",
        "CampaignDetail": f"/api/v1/campaigns/{action.campaign.slug}",
        "WalkoutPage": "/api/v1/walkouts?near=60614",
        "Walkout": f"/api/v1/walkouts/{walkout.public_id}",
        "FeatureCollection": "/api/v1/walkouts.geojson",
        "Stats": f"/api/v1/stats?action={action.public_id}",
        "Error": "/api/v1/walkouts?near=abc",
    }

    for name, url in checks.items():
        body = client.get(url).json()
        errors = [e.message for e in schema_for(document, name).iter_errors(body)]
        assert (name, errors) == (name, [])
    wrong = {"id": "x"}
    assert list(schema_for(document, "Walkout").iter_errors(wrong)) != []
