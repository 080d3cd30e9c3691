"""Outreach: spreading the word about a walkout without collecting anyone.

"I'm in" is a count, not a list (SAFETY.md requirements 5 and 6, ANCHORS.md takeaway 3):

* `RsvpTally` holds one number per walkout, changed only by atomic UPDATE ... SET count =
  count +/- 1 (outreach/actions.py), so concurrent RSVPs are never lost or double-counted.
* `RsvpReceipt` holds the SHA-256 digest of a random receipt that only the browser which
  said "I'm in" holds (in a cookie that ends with the browser session), and the UTC day. It
  lets that browser take its RSVP back exactly once, and nothing else: no network, device,
  time of day or session is stored, and the receipt cannot be turned back into a person.

Both are deleted with their walkout (docs/decisions/0009-anonymous-rsvp.md).
"""

from django.db import models


class RsvpTally(models.Model):
    """How many browsers said "I'm in" to one walkout (and have not taken it back)."""

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="rsvp_tally"
    )
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} in for walkout {self.walkout_id}"


class RsvpReceipt(models.Model):
    """The digest of one browser's receipt for one RSVP, so that it can be undone once."""

    walkout = models.ForeignKey(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="rsvp_receipts"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    day = models.DateField()

    def __str__(self) -> str:
        return f"receipt for walkout {self.walkout_id}"
