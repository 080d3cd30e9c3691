from walkout.people.middleware import VERIFIED


def is_verified_staff(request) -> bool:
    """Signed in with a password and with a second factor checked in this session."""
    user = request.user
    return (
        user.is_authenticated
        and user.is_active
        and user.totp_confirmed
        and request.session.get(VERIFIED) is True
    )
