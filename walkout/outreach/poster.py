"""The poster maker's form: a crew's own slogan, a paper size and a language. Never stored."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from walkout.outreach.material import LANGUAGES, SLOGAN_MAX, language_labels, paper_labels


class PosterForm(forms.Form):
    slogan = forms.CharField(
        label=_("Your slogan"),
        max_length=SLOGAN_MAX,
        error_messages={
            "required": _("Type a slogan for the poster."),
            "max_length": _(
                "Keep the slogan to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    paper = forms.ChoiceField(label=_("Size"), initial="letter")
    language = forms.ChoiceField(label=_("Language of the small print"), initial="en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slogan"].help_text = gettext(
            "Up to %(max)d characters. Short slogans print bigger."
        ) % {"max": SLOGAN_MAX}
        self.fields["paper"].choices = list(paper_labels().items())
        self.fields["language"].choices = [(c, language_labels()[c]) for c in LANGUAGES]

    def clean_slogan(self):
        slogan = " ".join(self.cleaned_data["slogan"].split())
        if not slogan:
            raise forms.ValidationError(_("Type a slogan for the poster."))
        return slogan
