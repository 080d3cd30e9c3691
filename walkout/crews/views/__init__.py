"""The crew's pages, behind each member's own link (or the walkout's organizer link).

Every page is GET to read and POST with an `op` to write; a write redirects back (so every
flow works without JavaScript) and htmx, where a form asks for it, swaps the page's crew area
in place from the page the redirect leads to. Unknown, revoked and removed links, and links
of other crews, all get the same 404 (SAFETY.md requirement 23).
"""

from walkout.crews.views.pages import board, demands, home, ideas, plan, roles
from walkout.crews.views.people import join, people, schools

__all__ = ["board", "demands", "home", "ideas", "join", "people", "plan", "roles", "schools"]
