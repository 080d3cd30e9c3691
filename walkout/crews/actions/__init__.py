"""Every write to crews.

Actions take the acting member (resolved from their own link) and check what they may do
with crews/permissions.py; a refusal raises CrewForbidden, any other reason the person can act
on raises CrewError. Dates are kept to the day.
"""

from walkout.crews.actions.base import (
    CrewError,
    CrewForbidden,
)
from walkout.crews.actions.crew import (
    carry_to_next_action,
    create_invite,
    delete_crew,
    ensure_crew,
    join_crew,
    leave_crew,
    promote,
    remove_member,
    replace_member_link,
    revoke_invite,
    rotate_invite,
    set_meeting_spot,
)
from walkout.crews.actions.outreach import (
    answer_connection,
    request_connection,
)
from walkout.crews.actions.plans import (
    add_idea,
    add_plan_item,
    add_role,
    adopt_demand,
    assign_item,
    assign_role,
    delete_demand,
    delete_idea,
    delete_item,
    delete_note,
    delete_role,
    post_note,
    propose_demand,
    release_role,
    set_item_state,
    take_item,
    take_role,
    unvote,
    vote,
)

__all__ = [
    "CrewError",
    "CrewForbidden",
    "ensure_crew",
    "delete_crew",
    "create_invite",
    "revoke_invite",
    "rotate_invite",
    "join_crew",
    "replace_member_link",
    "promote",
    "remove_member",
    "leave_crew",
    "set_meeting_spot",
    "carry_to_next_action",
    "take_role",
    "release_role",
    "assign_role",
    "add_role",
    "delete_role",
    "add_plan_item",
    "set_item_state",
    "take_item",
    "assign_item",
    "delete_item",
    "propose_demand",
    "vote",
    "unvote",
    "adopt_demand",
    "delete_demand",
    "add_idea",
    "delete_idea",
    "post_note",
    "delete_note",
    "request_connection",
    "answer_connection",
]
