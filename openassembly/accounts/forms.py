from __future__ import annotations

from django import forms


class LoginForm(forms.Form):
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text="The six-digit code your authenticator app shows now.",
    )


class RecoveryForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text="One of the codes you were given when you set up two-factor sign-in, "
        "for example ABCDE-23456. Each works once.",
    )


class ReplaceForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Typed again, to be sure it is you.",
    )


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(choices=())
    member = forms.IntegerField(
        required=False,
        help_text="For erasure or a second-factor reset: the member's number.",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class TokenForm(forms.Form):
    name = forms.CharField(label="Name (what the token is for)", max_length=80)
    scopes = forms.MultipleChoiceField(
        label="What it may do", widget=forms.CheckboxSelectMultiple,
        choices=[("read", "Read what you can see when signed in"),
                 ("vote", "Cast your own votes and ballots")],
    )
