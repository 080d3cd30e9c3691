"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json.

tests/api/test_openapi.py validates it with openapi-spec-validator and checks real responses
against its schemas, so it cannot drift from the views.
"""

from walkout.walkouts import nearby

PAGE_SIZE = 100


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


ACTION = _param("action", "An action's id (from /campaigns/{slug}).", {"type": "string"})
PAGE = _param(
    "page",
    f"Page number, from 1 ({PAGE_SIZE} items a page). A page past the end is a 404.",
    {"type": "integer", "minimum": 1, "default": 1},
)


def _ok(description: str, schema: dict, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def _errors(*codes: int) -> dict:
    texts = {400: "Bad parameter", 404: "Not found"}
    return {str(code): _ok(texts[code], _ref("Error")) for code in codes}


def _get(summary: str, parameters: list, responses: dict, operation_id: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": parameters,
            "responses": responses,
        }
    }


def _page_of(item: str) -> dict:
    return {
        "type": "object",
        "required": ["count", "page", "pages", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": _ref(item)},
        },
        "additionalProperties": False,
    }


STRING = {"type": "string"}
URI = {"type": "string", "format": "uri"}
SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": STRING,
                    "parameter": STRING,
                },
                "additionalProperties": False,
            }
        },
        "additionalProperties": False,
    },
    "Campaign": {
        "type": "object",
        "required": ["slug", "name", "summary", "url"],
        "properties": {"slug": STRING, "name": STRING, "summary": STRING, "url": URI},
        "additionalProperties": False,
    },
    "Action": {
        "type": "object",
        "description": "One dated call: every walkout starts at `local_time` in its own zone.",
        "required": [
            "id",
            "slug",
            "title",
            "date",
            "local_time",
            "status",
            "walkouts",
            "url",
            "map_url",
            "calendar_url",
        ],
        "properties": {
            "id": STRING,
            "slug": STRING,
            "title": STRING,
            "date": {"type": "string", "format": "date"},
            "local_time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "walkouts": {"type": "integer", "minimum": 0},
            "url": URI,
            "map_url": URI,
            "calendar_url": URI,
        },
        "additionalProperties": False,
    },
    "CampaignDetail": {
        "type": "object",
        "required": ["slug", "name", "summary", "url", "actions"],
        "properties": {
            "slug": STRING,
            "name": STRING,
            "summary": STRING,
            "url": URI,
            "actions": {"type": "array", "items": _ref("Action")},
        },
        "additionalProperties": False,
    },
    "Walkout": {
        "type": "object",
        "description": "A listed (approved) walkout. Nothing about its organizers.",
        "required": [
            "id",
            "action",
            "school",
            "lat",
            "lon",
            "timezone",
            "starts_at",
            "status",
            "url",
            "calendar_url",
            "rsvps",
        ],
        "properties": {
            "id": STRING,
            "action": {"type": "string", "description": "The action's id."},
            "school": {
                "type": "object",
                "required": ["name", "kind", "city", "state"],
                "properties": {
                    "name": STRING,
                    "kind": {"type": "string", "enum": ["middle", "high", "college", "other"]},
                    "city": STRING,
                    "state": {"type": "string", "pattern": "^[A-Z]{2}$"},
                },
                "additionalProperties": False,
            },
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "lon": {"type": "number", "minimum": -180, "maximum": 180},
            "timezone": {"type": "string", "description": "IANA time zone of the school."},
            "starts_at": {
                "type": "string",
                "format": "date-time",
                "description": "ISO 8601 with the school's local offset.",
            },
            "status": {"type": "string", "enum": ["approved"]},
            "url": URI,
            "calendar_url": URI,
            "rsvps": {
                "type": "integer",
                "minimum": 0,
                "description": (
                    "How many people said “I'm in” (anonymous, count only; may be up to "
                    "five minutes old)."
                ),
            },
            "distance_km": {
                "type": "number",
                "minimum": 0,
                "description": "Only when `near` was given.",
            },
        },
        "additionalProperties": False,
    },
    "CampaignPage": _page_of("Campaign"),
    "WalkoutPage": _page_of("Walkout"),
    "Stats": {
        "type": "object",
        "required": ["action", "total", "by_state", "by_timezone"],
        "properties": {
            "action": {"type": ["string", "null"]},
            "total": {"type": "integer", "minimum": 0},
            "by_state": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["state", "name", "count"],
                    "properties": {
                        "state": STRING,
                        "name": STRING,
                        "count": {"type": "integer", "minimum": 0},
                    },
                    "additionalProperties": False,
                },
            },
            "by_timezone": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["timezone", "count"],
                    "properties": {"timezone": STRING, "count": {"type": "integer", "minimum": 0}},
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    },
    "FeatureCollection": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"const": "Feature"},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"const": "Point"},
                                "coordinates": {
                                    "type": "array",
                                    "items": {"type": "number"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                },
                            },
                        },
                        "properties": {
                            "type": "object",
                            "required": ["id", "school", "city", "state", "starts_at", "url"],
                            "properties": {
                                "id": STRING,
                                "school": STRING,
                                "city": STRING,
                                "state": STRING,
                                "starts_at": {"type": "string", "format": "date-time"},
                                "url": URI,
                            },
                            "additionalProperties": False,
                        },
                    },
                },
            },
        },
    },
}


def document(server_url: str) -> dict:
    """The whole OpenAPI document; `server_url` is this site's /api/v1/."""
    walkout_filters = [
        ACTION,
        _param("state", "Two-letter state or territory code, e.g. CA or PR.", STRING),
        _param("q", "Words in the school's name, or its city (2 to 100 characters).", STRING),
        _param(
            "near",
            "A 5-digit ZIP code or `latitude,longitude`. Results are then nearest first and "
            "carry `distance_km`. Never stored or cached.",
            STRING,
        ),
        _param(
            "radius_km",
            f"With `near`: the search radius (default {nearby.DEFAULT_RADIUS_KM:g}, "
            f"at most {nearby.MAX_RADIUS_KM:g}).",
            {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": nearby.MAX_RADIUS_KM,
                "default": nearby.DEFAULT_RADIUS_KM,
            },
        ),
        PAGE,
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Walkout public API",
            "version": "1",
            "description": (
                "Read-only, public data about listed (moderator-approved) student walkouts: "
                "schools, places, times and counts. Never a meeting spot, a note or anything "
                "about organizers. Responses are cached on the server until something public "
                "changes. Errors are JSON objects with a message."
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/campaigns": _get(
                "Campaigns with at least one public action",
                [PAGE],
                {"200": _ok("A page of campaigns", _ref("CampaignPage")), **_errors(400, 404)},
                "listCampaigns",
            ),
            "/campaigns/{slug}": _get(
                "One campaign and its public actions",
                [_param("slug", "The campaign's slug.", STRING, "path")],
                {"200": _ok("The campaign", _ref("CampaignDetail")), **_errors(404)},
                "getCampaign",
            ),
            "/walkouts": _get(
                "Listed walkouts",
                walkout_filters,
                {"200": _ok("A page of walkouts", _ref("WalkoutPage")), **_errors(400, 404)},
                "listWalkouts",
            ),
            "/walkouts/{id}": _get(
                "One listed walkout",
                [_param("id", "The walkout's id.", STRING, "path")],
                {"200": _ok("The walkout", _ref("Walkout")), **_errors(404)},
                "getWalkout",
            ),
            "/walkouts.geojson": _get(
                "Every listed walkout as GeoJSON (not paginated)",
                [ACTION],
                {
                    "200": _ok(
                        "A FeatureCollection of points",
                        _ref("FeatureCollection"),
                        "application/geo+json",
                    ),
                    **_errors(400),
                },
                "walkoutsGeojson",
            ),
            "/stats": _get(
                "Counts of listed walkouts by state and by time zone",
                [ACTION],
                {"200": _ok("Counts", _ref("Stats")), **_errors(400)},
                "stats",
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
