"""The data of the attack suite, built once per test module (see conftest.attack_world).

- Bungo (the attacker's side): an OPD headed by `kepala`, a bidang under it headed by `atasan` (whose jabatan
  reports to the kepala's), a staff member `asn` reporting to the atasan, an HR officer, an auditor, an ASN
  account without a pegawai record, and a recruitment applicant (Pelamar: not a portal user, own session key).
- Bengkulu (the victim): one object of every model in any app's SCOPED_OBJECTS, built with the apps' own
  factories, plus its HR officer (the positive control of the list sweep). Every row created while building
  Bengkulu gets MARKER prefixed to its free-text fields, so a Bengkulu row showing up anywhere in a Bungo
  response can be found by a substring search.
- A coordination room opened by Bengkulu's HR officer with one Bungo member (`asn`), holding a thread that
  `asn` wrote (so the thread, post and attachment belong to Bungo's instansi) with an attachment: its texts
  carry ROOM_MARKER. Membership, not instansi, decides who reads it: every other Bungo role must be refused.

Logins are stored as session keys: every test builds fresh clients from them, so a view that rotates or clears a
session (logout, applicant sign-in) cannot change who the next test is.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.db import DataError, IntegrityError, models, transaction
from django.db.models.signals import post_save
from django.test import Client

from asnportal.testing.factories import (
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
    asn_user,
    auditor_user,
    hr_user,
    kepala_unit,
)
from tests.urlwalk import PROJECT_APPS, scoped_factories

MARKER = "zqbkl"
ROOM_MARKER = "zqruang"
ROOM_MEMBER = "asn"  # the one Bungo role that is a member of the shared room

# The attacker's roles, all of Bungo. The superadmin is not one: it sees every instansi by design.
STAFF_ROLES = ["hr", "auditor", "kepala", "atasan", "asn", "asn_tanpa_pegawai"]
ROLES = [*STAFF_ROLES, "pelamar", "anonim"]

# Machine values other code parses or looks up; a prefix would break the parser, not test access.
UNMARKED_FIELDS = {
    "password",
    "path",
    "hari_kerja",
    "jaringan",
    "kunci",
    "ip_hash",
    "token_hash",
    "sidik",
    "sha256",
}


@dataclass(repr=False)
class World:
    bungo: object
    bengkulu: object
    users: dict = field(default_factory=dict)  # role -> User (staff roles and the control)
    pelamar: object = None
    sessions: dict = field(default_factory=dict)  # role -> session key (None: anonymous)
    objects: dict = field(default_factory=dict)  # Model -> Bengkulu object
    marked_rows: int = 0
    room: dict = field(default_factory=dict)  # Model -> object of the shared coordination room

    def __repr__(self):  # short: pytest prints fixture values in failure reports
        return f"World({self.bungo} vs {self.bengkulu}: {len(self.objects)} objects, {self.marked_rows} marked rows)"


@contextlib.contextmanager
def _track_created():
    """Collect (model, pk) of every row saved for the first time inside the block."""
    rows: list[tuple[type, object]] = []

    def on_save(sender, instance, created, **kwargs):
        if created:
            rows.append((sender, instance.pk))

    post_save.connect(on_save, weak=False, dispatch_uid="attack-world-track")
    try:
        yield rows
    finally:
        post_save.disconnect(dispatch_uid="attack-world-track")


def _markable(model) -> list[models.Field]:
    out = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField) or f.choices:
            continue
        if f.name in UNMARKED_FIELDS:
            continue
        out.append(f)
    return out


def _mark_row(model, pk) -> bool:
    fields = _markable(model)
    if not fields:
        return False
    row = model._base_manager.filter(pk=pk).values(*[f.attname for f in fields]).first()
    if row is None:
        return False
    values = {}
    for f in fields:
        old = row[f.attname]
        if not old or old.startswith(MARKER):
            continue
        new = MARKER + old
        if f.max_length is not None and len(new) > f.max_length:
            continue  # would be truncated: an identifier of fixed length (NIP, NIK, codes)
        values[f.attname] = new
    if not values:
        return False
    try:
        with transaction.atomic():
            model._base_manager.filter(pk=pk).update(**values)
        return True
    except (IntegrityError, DataError):
        pass
    done = False
    for name, value in values.items():  # one field at a time: skip the ones a CHECK constraint refuses
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{name: value})
            done = True
        except (IntegrityError, DataError):
            continue
    return done


def login_session(user) -> str:
    c = Client()
    c.force_login(user)
    return c.cookies[settings.SESSION_COOKIE_NAME].value


def pelamar_session(pelamar) -> str:
    from rekrutmen import pelamar_auth

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[pelamar_auth.SESSION_KEY] = pelamar.pk
    store.save()
    return store.session_key


def build_world() -> World:
    from rekrutmen.tests import factories as rekrutmen_factories

    bungo = InstansiFactory(kode="kab-bungo", nama="Pemerintah Kabupaten Bungo", jenis="kabupaten")
    bengkulu = InstansiFactory(kode="prov-bengkulu", nama="Pemerintah Provinsi Bengkulu", jenis="provinsi")
    w = World(bungo=bungo, bengkulu=bengkulu)

    # --- Bungo: the attacker's side -------------------------------------------------------------------------
    opd = UnitKerjaFactory(instansi=bungo, nama="Badan Kepegawaian dan Pengembangan SDM", jenis="badan")
    bidang = UnitKerjaFactory(instansi=bungo, parent=opd, nama="Bidang Mutasi", jenis="bidang")
    kepala = kepala_unit(opd, nama="Kepala BKPSDM")
    atasan = kepala_unit(bidang, nama="Kepala Bidang Mutasi")
    atasan.jabatan.parent = kepala.jabatan
    atasan.jabatan.save()
    staf_jab = JabatanFactory(unit_kerja=bidang, instansi=bungo, parent=atasan.jabatan)
    staf = PegawaiFactory(jabatan=staf_jab, nama="Staf Bidang Mutasi")
    w.users = {
        "hr": hr_user(bungo, username="hr.bungo"),
        "auditor": auditor_user(bungo, username="auditor.bungo"),
        "kepala": asn_user(kepala, username="kepala.bungo"),
        "atasan": asn_user(atasan, username="atasan.bungo"),
        "asn": asn_user(staf, username="asn.bungo"),
        "asn_tanpa_pegawai": UserFactory(role="asn", instansi=bungo, pegawai=None, username="asn2.bungo"),
    }
    w.pelamar = rekrutmen_factories.pelamar(nama="Pelamar Bungo")

    # --- Bengkulu: the victim, one object of every scoped model ---------------------------------------------
    with _track_created() as created:
        for model, make in scoped_factories().items():
            w.objects[model] = make(bengkulu)
        w.users["hr_bengkulu"] = hr_user(bengkulu, username="hr.bengkulu")
    from kepegawaian.models import Instansi

    w.objects[Instansi] = bengkulu
    created.append((Instansi, bengkulu.pk))
    project = {m for m in created if m[0]._meta.app_label in PROJECT_APPS}
    w.marked_rows = sum(_mark_row(model, pk) for model, pk in sorted(project, key=lambda t: str(t)))
    for model, obj in list(w.objects.items()):
        w.objects[model] = model._base_manager.get(pk=obj.pk)
    w.bengkulu = w.objects[Instansi]

    # --- The shared coordination room (membership decides, not instansi) -----------------------------------
    # Its coordinator is a Bengkulu user created after the marking: the member may see a fellow member's name.
    w.room = _shared_room(
        UserFactory(instansi=bengkulu, username="koordinator.bengkulu"), w.users[ROOM_MEMBER]
    )

    # --- Logins ----------------------------------------------------------------------------------------------
    for role, user in w.users.items():
        w.sessions[role] = login_session(user)
    w.sessions["pelamar"] = pelamar_session(w.pelamar)
    w.sessions["anonim"] = None
    return w


def _shared_room(koordinator, member) -> dict:
    from forum.tests import factories as forum_factories

    ruang = forum_factories.ruang(
        members=[member], koordinator=koordinator, nama=f"{ROOM_MARKER} Ruang koordinasi banjir"
    )
    topik = forum_factories.topik(
        penulis=member, ruang_obj=ruang, judul=f"{ROOM_MARKER} Posko pengungsian", posts=0
    )
    pos = forum_factories.pos(topik_obj=topik, penulis=member, isi=f"{ROOM_MARKER} data posko rahasia")
    lampiran = forum_factories.lampiran(pos_obj=pos)
    type(lampiran).objects.filter(pk=lampiran.pk).update(nama=f"{ROOM_MARKER}-denah.png")
    lampiran.refresh_from_db()
    return {type(o): o for o in (ruang, topik, pos, lampiran)}
