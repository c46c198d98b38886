"""Login by NIP (18 digits) or username."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class NipOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        key = username.replace(" ", "")
        user = None
        if key.isdigit() and len(key) == 18:
            user = User.objects.filter(pegawai__nip=key).first()
        if user is None:
            user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            User().set_password(password)  # same cost whether or not the account exists (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
