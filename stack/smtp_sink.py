"""A local SMTP server that keeps each message it accepts as a file (the stack's mail).

While the file ``hold`` exists in the mail folder, every new conversation waits before
accepting its recipient: a worker sending mail then sits inside its task, which is where
the fault test kills it. As with any SMTP server, a message counts only once its data is
complete, so a client killed while waiting delivers nothing.

    python -m stack.smtp_sink --port 8125 --dir /tmp/twinning-stack/mail
"""

import argparse
import asyncio
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller

HOLD_MAX_SECONDS = 120


class Keep:
    def __init__(self, folder: Path):
        self.folder = folder

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        deadline = time.monotonic() + HOLD_MAX_SECONDS
        while (self.folder / "hold").exists() and time.monotonic() < deadline:
            (self.folder / "held").touch()
            await asyncio.sleep(0.1)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time():.6f}-{uuid.uuid4().hex}.eml"
        (self.folder / f".{name}").write_bytes(envelope.content)
        (self.folder / f".{name}").rename(self.folder / name)  # whole files only
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(Keep(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
