"""Links that leave the browser are absolute, from PORTAL_SITE_URL (never relative, never a dev port)."""

from asnportal.models import EmailKeluar
from asnportal.notify import notify
from asnportal.siteurl import absolute_url


def test_absolute_url_uses_the_configured_site(settings):
    settings.PORTAL_SITE_URL = "https://asn.bungokab.go.id"
    assert absolute_url("/kinerja/skp/1/") == "https://asn.bungokab.go.id/kinerja/skp/1/"
    assert absolute_url("kinerja/") == "https://asn.bungokab.go.id/kinerja/"
    assert absolute_url("https://contoh.id/x") == "https://contoh.id/x"
    assert absolute_url("") == ""


def test_notification_email_carries_an_absolute_link(settings, hr_bungo):
    settings.PORTAL_SITE_URL = "https://asn.bungokab.go.id"
    hr_bungo.email = "hr@bungokab.go.id"
    hr_bungo.save()
    rows = notify([hr_bungo], judul="SKP menunggu", isi="Ada SKP baru.", url="/kinerja/skp/5/")
    assert rows[0].url == "/kinerja/skp/5/"  # the portal keeps the relative link
    mail = EmailKeluar.objects.get()
    assert "https://asn.bungokab.go.id/kinerja/skp/5/" in mail.isi
    assert ":8000" not in mail.isi


def test_applicant_email_link_uses_the_site_url(settings):
    from rekrutmen import emails

    settings.PORTAL_SITE_URL = "https://asn.bungokab.go.id"
    assert emails._url("/rekrutmen/x/") == "https://asn.bungokab.go.id/rekrutmen/x/"
