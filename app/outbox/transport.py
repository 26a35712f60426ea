"""Mail transports: SMTP for production, a console/log backend for development."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

log = logging.getLogger("klimadyst.outbox")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    sender: str
    reference: str  # stable Message-ID part, so a resent mail can be recognised as the same one
    list_unsubscribe: str | None = None  # an https URL that unsubscribes with one POST (RFC 8058)


class Transport(Protocol):
    def send(self, mail: Mail) -> None:
        """Deliver or raise; any exception counts as a failed attempt."""


def build_message(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    domain = mail.sender.rpartition("@")[2] or "klimadyst.local"
    message["Message-ID"] = make_msgid(idstring=mail.reference, domain=domain)
    if mail.list_unsubscribe:
        # RFC 2369 + RFC 8058: mail clients show an "unsubscribe" button that POSTs
        # List-Unsubscribe=One-Click to the URL, without opening a page.
        message["List-Unsubscribe"] = f"<{mail.list_unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body)
    return message


class ConsoleTransport:
    """Development: the mail is written to the log instead of being sent."""

    def __init__(self, echo: Any = None) -> None:
        self.echo = echo

    def send(self, mail: Mail) -> None:
        unsubscribe = f"List-Unsubscribe: <{mail.list_unsubscribe}>\n" if mail.list_unsubscribe else ""
        text = f"--- mail to {mail.to}: {mail.subject}\n{unsubscribe}{mail.body}\n--- end of mail"
        log.info("%s", text)
        if self.echo is not None:
            self.echo(text)


@dataclass
class SmtpTransport:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    use_ssl: bool = False
    timeout: float = 20.0

    def send(self, mail: Mail) -> None:
        context = ssl.create_default_context()
        if self.use_ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.starttls and not self.use_ssl:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(build_message(mail))


def transport_from_config(config: Any, echo: Any = None) -> Transport:
    """MAIL_BACKEND 'smtp' uses the SMTP_* settings; 'console' (the default) only logs."""
    backend = str(config.get("MAIL_BACKEND", "console")).lower()
    if backend == "smtp":
        return SmtpTransport(
            host=str(config["SMTP_HOST"]),
            port=int(config["SMTP_PORT"]),
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD") or None,
            starttls=_flag(config.get("SMTP_STARTTLS", True)),
            use_ssl=_flag(config.get("SMTP_SSL", False)),
            timeout=float(config.get("SMTP_TIMEOUT", 20)),
        )
    if backend == "console":
        return ConsoleTransport(echo=echo)
    raise ValueError(f"Unknown MAIL_BACKEND {backend!r}: use 'smtp' or 'console'.")


def _flag(value: Any) -> bool:
    """Environment overrides arrive as strings: 'false' and '0' mean off."""
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "no", "off"}
    return bool(value)
