from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from walkout.common import antispam
from walkout.common.forms import STAMP_ERRORS, AnonymousWriteForm


class RsvpForm(AnonymousWriteForm):
    """ "I'm in": nothing to type, only the stamp, its proof of work and the honeypot.

    With the proof of work solved (JavaScript on) a click may come at once; without it the
    stamp must be as old as any anonymous form's (WALKOUT_FORM_MIN_SECONDS), and the RSVP
    counts against the stricter no-proof-of-work limits (outreach/limits.py).
    """

    def clean(self):
        cleaned = forms.Form.clean(self)
        if cleaned.get("website"):
            raise forms.ValidationError(STAMP_ERRORS["invalid"], code="honeypot")
        min_seconds = 0 if self._sent_work else None
        problem = antispam.check_stamp(self._sent_stamp, self._sent_work, min_seconds=min_seconds)
        if problem:
            raise forms.ValidationError(STAMP_ERRORS[problem], code=problem)
        self.work_done = bool(self._sent_work)
        return cleaned

    @property
    def first_error(self) -> str:
        errors = self.errors.get(NON_FIELD_ERRORS) or [e for v in self.errors.values() for e in v]
        return str(errors[0]) if errors else ""
