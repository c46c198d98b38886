from django.conf import settings

from . import scoping


def portal(request):
    user = getattr(request, "user", None)
    ctx = {"PORTAL_NAMA": settings.PORTAL["NAMA"]}
    if user is not None and user.is_authenticated:
        ctx.update(
            can_manage=scoping.can_manage(user),
            can_read_instansi=scoping.can_read_instansi(user),
            is_superadmin=scoping.is_superadmin(user),
            is_pimpinan=scoping.is_pimpinan(user),
            is_kepala_unit=scoping.led_unit_path(user) is not None,
            can_read_others=scoping.can_read_others(user),
            unread_notifikasi=user.notifikasi.filter(read_at__isnull=True).count(),
        )
    return ctx
