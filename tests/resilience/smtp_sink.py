"""An SMTP sink for fault tests: records every accepted message and can fall silent.

    python tests/resilience/smtp_sink.py PORT DIR

Each accepted message appends «recipient<TAB>Message-ID» to DIR/received.tsv.
While the file DIR/hang exists, the sink records a message at the end of its
DATA and then says nothing (like a server that accepted the message but froze
before replying). The test can also freeze the whole process with SIGSTOP.
"""

from __future__ import annotations

import asyncio
import sys
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        message = message_from_bytes(envelope.original_content or envelope.content)
        with (self.folder / "received.tsv").open("a") as log:
            for recipient in envelope.rcpt_tos:
                log.write(f"{recipient}\t{message.get('Message-ID', '')}\n")
        while (self.folder / "hang").exists():
            await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


def main() -> None:
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    controller = Controller(Handler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    (folder / "ready").write_text("ok")
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
