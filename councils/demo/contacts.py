"""Work contacts of microdistrict managers and councils (public by design, never personal)."""

from __future__ import annotations

# Demo addresses live on a domain that resolves nowhere, so no mail ever leaves
# a demo installation for a real municipal mailbox.
WORK_MAIL_DOMAIN = "tgl.example.ru"
TOS_MAIL_DOMAIN = "tos.example.ru"

# A manager receives residents in a room of one of their microdistricts' buildings.
OFFICE_ROOMS = ("опорный пункт", "каб. 2", "каб. 4", "офис 1", "каб. 12", "помещение ТОС")

RECEPTION_HOURS = (
    "вторник 15:00–18:00, четверг 10:00–13:00",
    "понедельник 14:00–17:00, среда 10:00–13:00",
    "среда 15:00–18:00, пятница 10:00–12:00",
    "вторник 10:00–13:00, четверг 15:00–18:00",
    "понедельник 10:00–12:00, четверг 16:00–19:00",
)
