"""Alert channels against real local servers: a fake Telegram Bot API over HTTP(S) and an SMTP server (aiosmtpd),
both on 127.0.0.1; and the workspace outbox delivering queued alerts in order once the server comes back."""

from __future__ import annotations

import json
import logging
import sqlite3
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pantau import secrets
from pantau.alerts.channel import ChannelError, ChannelErrorKind
from pantau.alerts.delivery import AlertDelivery
from pantau.alerts.email import EmailSender
from pantau.alerts.service import AlertService, senders_for
from pantau.alerts.telegram import TelegramSender
from pantau.domain.alerts import Alert, AlertKind, AlertPlanner, AlertRules
from pantau.domain.inventory import (
    AlertChannels,
    EmailChannel,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import EngineSettings, ProbeEngine
from pantau.reporting.alert_text import ALERT_SENTENCES, check_message
from pantau.storage.networkfile import write_network_file
from pantau.storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from pantau.storage.workspace import Workspace
from tests.servers import LOOPBACK, StalledTcpListener, TcpListener, free_port, make_self_signed_cert, wait_until

TOKEN = "8123456789:AAHsecret-bot-token-XYZ"
SMTP_PASSWORD = "smtp-pa55word-secret"
CHATS = {"1001", "-1002003004"}


@dataclass
class FakeBotApi:
    """Speaks the Bot API's sendMessage as Telegram does: JSON {"ok": ..., ...} bodies with the real error codes
    and descriptions. `mode` is "ok", "429" or "stall" (answers nothing until stopped); the chats in
    `limited_chats` are answered 429 whatever the mode."""

    tls: ssl.SSLContext | None = None
    port: int = 0
    mode: str = "ok"
    received: list[dict[str, Any]] = field(default_factory=list)
    limited_chats: set[str] = field(default_factory=set)
    raw: list[bytes] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://{LOOPBACK}:{self.port}"

    def start(self) -> FakeBotApi:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                api.raw.append(self.path.encode() + b"\n" + body)
                if api.mode == "stall":
                    api.stopping.wait(5)
                    return
                token, _, method = self.path.removeprefix("/bot").partition("/")
                if token != TOKEN:
                    return self.reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                if method != "sendMessage":
                    return self.reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                if api.mode == "429" or str(json.loads(body).get("chat_id")) in api.limited_chats:
                    return self.reply(429, {"ok": False, "error_code": 429,
                                            "description": "Too Many Requests: retry after 7",
                                            "parameters": {"retry_after": 7}})
                message = json.loads(body)
                if str(message.get("chat_id")) not in CHATS:
                    return self.reply(400, {"ok": False, "error_code": 400,
                                            "description": "Bad Request: chat not found"})
                api.received.append(message)
                self.reply(200, {"ok": True, "result": {"message_id": len(api.received), "date": 1,
                                                        "chat": {"id": int(message["chat_id"])},
                                                        "text": message["text"]}})

            def reply(self, status: int, document: dict[str, Any]) -> None:
                data = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.stopping.clear()
        self._server = ThreadingHTTPServer((LOOPBACK, self.port), Handler)
        if self.tls:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


def telegram(api: FakeBotApi, chats: list[str] | None = None, **kwargs: Any) -> TelegramSender:
    channel = TelegramChannel("telegram.bot", chats if chats is not None else ["1001"], api_base=api.base)
    return TelegramSender(channel, **kwargs)


def test_telegram_sends_to_every_chat(bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    telegram(bot_api, ["1001", "-1002003004"]).send("ignored", "GANGGUAN: Uplink DOWN")
    assert [(m["chat_id"], m["text"]) for m in bot_api.received] == [
        ("1001", "GANGGUAN: Uplink DOWN"), ("-1002003004", "GANGGUAN: Uplink DOWN")]


def test_telegram_check_message_in_both_languages(bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    sender = telegram(bot_api)
    for lang in ("id", "en"):
        sender.send(*check_message(lang))
    assert [m["text"] for m in bot_api.received] == [check_message("id")[1], check_message("en")[1]]


def test_telegram_bad_token(bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", "8123456789:wrong-token")
    with pytest.raises(ChannelError) as caught:
        telegram(bot_api).send("s", "t")
    assert caught.value.kind is ChannelErrorKind.BAD_TOKEN and not caught.value.transient
    assert "refused the bot token (Unauthorized)" in caught.value.message
    assert "wrong-token" not in caught.value.message


def test_telegram_missing_token_is_named_not_sent(bot_api: FakeBotApi) -> None:
    with pytest.raises(ChannelError) as caught:
        telegram(bot_api).send("s", "t")
    assert caught.value.kind is ChannelErrorKind.NO_SECRET and "'telegram.bot'" in caught.value.message
    assert bot_api.raw == []


def test_telegram_chat_not_found(bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    with pytest.raises(ChannelError) as caught:
        telegram(bot_api, ["424242"]).send("s", "t")
    assert caught.value.kind is ChannelErrorKind.CHAT_NOT_FOUND
    assert caught.value.message.startswith("Telegram chat 424242 not found")


def test_telegram_rate_limit_gives_retry_after(bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    bot_api.mode = "429"
    with pytest.raises(ChannelError) as caught:
        telegram(bot_api).send("s", "t")
    assert caught.value.kind is ChannelErrorKind.RATE_LIMITED and caught.value.retry_after == 7
    assert caught.value.transient


def test_telegram_timeout(bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    bot_api.mode = "stall"
    with pytest.raises(ChannelError) as caught:
        telegram(bot_api, timeout_s=0.3).send("s", "t")
    assert caught.value.kind is ChannelErrorKind.TIMEOUT
    assert caught.value.message == f"Telegram API at {LOOPBACK}:{bot_api.port} did not answer within 0.3 s"


def test_telegram_connection_refused() -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    port = free_port()
    sender = TelegramSender(TelegramChannel("telegram.bot", ["1001"], api_base=f"http://{LOOPBACK}:{port}"))
    with pytest.raises(ChannelError) as caught:
        sender.send("s", "t")
    assert caught.value.kind is ChannelErrorKind.CONNECTION and "Connection refused" in caught.value.message


def test_telegram_over_https_and_tls_failure(tmp_path: Path) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    files = make_self_signed_cert(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(files.cert, files.key)
    api = FakeBotApi(tls=server_context).start()
    try:
        with pytest.raises(ChannelError) as caught:
            telegram(api).send("s", "t")  # the system trust store does not know the self-signed certificate
        assert caught.value.kind is ChannelErrorKind.TLS and "CERTIFICATE_VERIFY_FAILED" in caught.value.message
        trusting = ssl.create_default_context(cafile=str(files.cert))
        telegram(api, ssl_context=trusting).send("s", "over https")
        assert [m["text"] for m in api.received] == ["over https"]
    finally:
        api.stop()


# --- email -------------------------------------------------------------------------------------------------------


@dataclass
class Mailbox:
    port: int
    messages: list[bytes] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    box = Mailbox(free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.messages.append(envelope.content)
            return "250 OK"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        box.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password.decode() == SMTP_PASSWORD, handled=False)

    controller = Controller(Handler(), hostname=LOOPBACK, port=box.port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    yield box
    controller.stop()


def email(port: int, security: str = "none", **kwargs: Any) -> EmailSender:
    channel = EmailChannel(LOOPBACK, port, "pantau@kominfo.example", ["oncall@kominfo.example"],
                           username="pantau", password_secret="smtp.password", security=security)
    return EmailSender(channel, **kwargs)


def test_email_is_received_with_login(smtp_server: Mailbox) -> None:
    secrets.set_secret("smtp.password", SMTP_PASSWORD)
    email(smtp_server.port).send("GANGGUAN: Uplink DOWN", "GANGGUAN: Uplink DOWN sejak 14:05 WITA.")
    [raw] = smtp_server.messages
    message = message_from_bytes(raw)
    assert message["Subject"] == "GANGGUAN: Uplink DOWN"
    assert message["To"] == "oncall@kominfo.example"
    assert str(message.get_payload()).strip() == "GANGGUAN: Uplink DOWN sejak 14:05 WITA."
    assert smtp_server.logins == [("pantau", SMTP_PASSWORD)]


def test_email_wrong_password_is_an_auth_error(smtp_server: Mailbox) -> None:
    secrets.set_secret("smtp.password", "not-the-password")
    with pytest.raises(ChannelError) as caught:
        email(smtp_server.port).send("s", "t")
    assert caught.value.kind is ChannelErrorKind.AUTH
    assert caught.value.message.startswith(f"the SMTP server {LOOPBACK}:{smtp_server.port} refused the login of "
                                           "'pantau': 535")
    assert "not-the-password" not in caught.value.message


def test_email_starttls_not_offered_and_ssl_against_plain_server(smtp_server: Mailbox) -> None:
    secrets.set_secret("smtp.password", SMTP_PASSWORD)
    with pytest.raises(ChannelError) as starttls:
        email(smtp_server.port, "starttls").send("s", "t")
    assert starttls.value.kind is ChannelErrorKind.TLS and "does not offer STARTTLS" in starttls.value.message
    with pytest.raises(ChannelError) as implicit:
        email(smtp_server.port, "ssl", timeout_s=2).send("s", "t")
    assert implicit.value.kind is ChannelErrorKind.TLS
    assert smtp_server.messages == []


def test_email_connection_refused_and_missing_password() -> None:
    with pytest.raises(ChannelError) as missing:
        email(free_port()).send("s", "t")
    assert missing.value.kind is ChannelErrorKind.NO_SECRET
    secrets.set_secret("smtp.password", SMTP_PASSWORD)
    with pytest.raises(ChannelError) as refused:
        email(free_port()).send("s", "t")
    assert refused.value.kind is ChannelErrorKind.CONNECTION and refused.value.transient


# --- delivery through the workspace ----------------------------------------------------------------------------


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def star(children: int) -> Network:
    sites = [Site("dc", "Diskominfo", SiteKind.DATACENTER),
             Site("uplink", "Uplink Telkom", SiteKind.ISP_POP, parent="dc")]
    sites += [Site(f"o{i}", f"Kantor {i}", SiteKind.DESA, parent="uplink") for i in range(children)]
    return Network("Kabupaten", sites=sites)


def test_queued_alerts_go_out_in_order_after_the_server_comes_back(
        tmp_path: Path, bot_api: FakeBotApi, smtp_server: Mailbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secrets.set_secret("telegram.bot", TOKEN)
    secrets.set_secret("smtp.password", SMTP_PASSWORD)
    network = star(38)
    network.alerts = AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base=bot_api.base),
                                   EmailChannel(LOOPBACK, smtp_server.port, "pantau@kominfo.example",
                                                ["oncall@kominfo.example"], "pantau", "smtp.password", "none"))
    assert network.alerts.telegram and network.alerts.email
    network_file = tmp_path / "network.toml"
    write_network_file(network, network_file)
    planner = AlertPlanner(network, AlertRules(storm_settle_seconds=0))
    t0 = 1_795_000_000.0
    clock = Clock(t0)
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        delivery = AlertDelivery(workspace, [TelegramSender(network.alerts.telegram, timeout_s=2),
                                             EmailSender(network.alerts.email, timeout_s=2)],
                                 wording=ALERT_SENTENCES, lang="en", timezone=network.timezone, base_backoff_s=10,
                                 clock=clock)
        bot_api.stop()  # the uplink is down: Telegram cannot be reached
        down = [StateChange("uplink", "site", HealthState.UP, HealthState.DOWN, t0)]
        down += [StateChange(f"o{i}", "site", HealthState.UP, HealthState.UNREACHABLE, t0) for i in range(38)]
        alerts = planner.feed(down, t0)
        assert [a.kind for a in alerts] == [AlertKind.DOWN]
        assert delivery.enqueue(alerts) == 2
        assert delivery.enqueue(alerts) == 0  # the same alert is queued once
        assert delivery.deliver_due() == 1  # email gets through, Telegram does not
        [telegram_status, email_status] = delivery.status()
        assert (telegram_status.queued, telegram_status.failures) == (1, 1)
        assert (email_status.queued, email_status.failures) == (0, 0)
        assert "cannot reach the Telegram API" in telegram_status.last_error
        assert telegram_status.next_attempt == t0 + 10

        clock.now = t0 + 5
        assert delivery.deliver_due() == 0  # backing off: no attempt before the backoff is over
        clock.now = t0 + 10
        assert delivery.deliver_due() == 0
        assert delivery.status()[0].next_attempt == t0 + 10 + 20  # doubled

        clock.now = t0 + 600
        recovery = planner.feed([StateChange("uplink", "site", HealthState.DOWN, HealthState.UP, t0 + 600)]
                                + [StateChange(f"o{i}", "site", HealthState.UNREACHABLE, HealthState.UP, t0 + 600)
                                   for i in range(38)], t0 + 600)
        assert [a.kind for a in recovery] == [AlertKind.RECOVERED]
        delivery.enqueue(recovery)
        assert [q.kind for q in delivery.queued() if q.channel == "telegram"] == ["down", "recovered"]

        bot_api.start()  # the path is back, on the same address
        clock.now = t0 + 601
        assert delivery.deliver_due() == 3
        assert delivery.queued() == []
        texts = [m["text"] for m in bot_api.received]
        assert len(texts) == 2
        assert texts[0].startswith("[DELAYED — raised ") and "DOWN: Uplink Telkom since" in texts[0]
        assert "38 offices unreachable" in texts[0]
        assert "RECOVERED: Uplink Telkom" in texts[1]
        sent = {(q.channel, q.kind): q for q in delivery.history()}
        assert sent["telegram", "down"].delayed and not sent["email", "down"].delayed
        assert sent["telegram", "down"].attempts == 3
        log = delivery.log()
        # Channels are tried in their order (Telegram, then email) at each round.
        assert [(e.channel, e.result) for e in log] == [
            ("telegram", "connection"), ("email", "sent"), ("telegram", "connection"), ("telegram", "sent"),
            ("telegram", "sent"), ("email", "sent")]
        assert log[3].message == "delayed" and log[5].message == ""
        assert len(smtp_server.messages) == 2
    # No secret in the workspace file (and its WAL), the logs, the network file or the mails.
    for file in [path, path.with_name(path.name + "-wal"), network_file]:
        if file.exists():
            data = file.read_bytes()
            assert TOKEN.encode() not in data and SMTP_PASSWORD.encode() not in data, file
    assert b"telegram.bot" in network_file.read_bytes()  # the key is there, its value is not
    assert TOKEN not in caplog.text and SMTP_PASSWORD not in caplog.text
    assert all(SMTP_PASSWORD.encode() not in m for m in smtp_server.messages)


def test_a_rate_limited_channel_waits_as_long_as_telegram_asks(tmp_path: Path, bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    clock = Clock(1_795_000_000.0)
    planner = AlertPlanner(star(0), AlertRules())
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        delivery = AlertDelivery(workspace, [telegram(bot_api)],
                                 wording=ALERT_SENTENCES, lang="id", base_backoff_s=1, clock=clock)
        delivery.enqueue(planner.feed([StateChange("uplink", "site", HealthState.UP, HealthState.DOWN,
                                                   clock.now)], clock.now))
        bot_api.mode = "429"
        assert delivery.deliver_due() == 0
        assert delivery.status()[0].next_attempt == clock.now + 7
        bot_api.mode = "ok"
        clock.now += 6
        assert delivery.deliver_due() == 0
        clock.now += 1
        assert delivery.deliver_due() == 1
        [message] = bot_api.received
        assert message["text"].startswith("GANGGUAN: Uplink Telkom DOWN sejak")  # 7 s late: not "delayed"
        assert [e.result for e in delivery.log()] == ["rate-limited", "sent"]


def test_a_retry_goes_only_to_the_chats_that_missed_the_alert(tmp_path: Path, bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    clock = Clock(1_795_000_000.0)
    channel = TelegramChannel("telegram.bot", ["1001", "-1002003004"], api_base=bot_api.base)
    planner = AlertPlanner(star(0), AlertRules())
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        delivery = AlertDelivery(workspace, senders_for(AlertChannels(channel)),
                                 wording=ALERT_SENTENCES, lang="en", clock=clock)
        bot_api.limited_chats = {"1001"}  # the first chat fails, the second gets the alert
        delivery.enqueue(planner.feed([StateChange("uplink", "site", HealthState.UP, HealthState.DOWN,
                                                   clock.now)], clock.now))
        assert delivery.deliver_due() == 1
        assert [m["chat_id"] for m in bot_api.received] == ["-1002003004"]
        assert [(s.channel, s.queued) for s in delivery.status()] == [("telegram:1001", 1),
                                                                       ("telegram:-1002003004", 0)]
        bot_api.limited_chats = set()
        clock.now += 7
        assert delivery.deliver_due() == 1
        assert [m["chat_id"] for m in bot_api.received] == ["-1002003004", "1001"]  # no second copy
        assert [(e.channel, e.result) for e in delivery.log()] == [
            ("telegram:1001", "rate-limited"), ("telegram:-1002003004", "sent"), ("telegram:1001", "sent")]


def test_a_chat_that_needs_a_person_does_not_hold_back_the_others(tmp_path: Path, bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    clock = Clock(1_795_000_000.0)
    channel = TelegramChannel("telegram.bot", ["404404", "1001"], api_base=bot_api.base)
    planner = AlertPlanner(star(0), AlertRules())
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        delivery = AlertDelivery(workspace, senders_for(AlertChannels(channel)),
                                 wording=ALERT_SENTENCES, lang="en", clock=clock)
        for minute, state in enumerate([(HealthState.UP, HealthState.DOWN), (HealthState.DOWN, HealthState.UP)]):
            ts = clock.now + minute * 60
            delivery.enqueue(planner.feed([StateChange("uplink", "site", *state, ts)], ts))
        assert delivery.deliver_due() == 2
        assert [m["text"].split(":")[0] for m in bot_api.received] == ["DOWN", "RECOVERED"]
        [stuck, _] = delivery.status()
        assert stuck.queued == 2 and stuck.last_error.startswith("Telegram chat 404404 not found")


def test_alerts_of_a_removed_chat_are_dropped_when_the_service_starts(tmp_path: Path) -> None:
    clock = Clock(1_795_000_000.0)
    planner = AlertPlanner(star(0), AlertRules())
    before = AlertChannels(TelegramChannel("telegram.bot", ["1001", "404404"], api_base="http://127.0.0.1:9"))
    after = AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base="http://127.0.0.1:9"))
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        delivery = AlertDelivery(workspace, senders_for(before), wording=ALERT_SENTENCES, clock=clock)
        delivery.enqueue(planner.feed([StateChange("uplink", "site", HealthState.UP, HealthState.DOWN,
                                                   clock.now)], clock.now))
        assert len(delivery.queued()) == 2
        nothing = AlertDelivery(workspace, [], wording=ALERT_SENTENCES, clock=clock)
        assert nothing.retire_unconfigured() == 2  # no channel at all
        delivery.enqueue(planner.feed([StateChange("uplink", "site", HealthState.DOWN, HealthState.UP,
                                                   clock.now + 60)], clock.now + 60))
        service = AlertService(star(0), workspace, AlertRules(), senders_for(after),
                               wording=ALERT_SENTENCES, clock=clock)
        service.start()
        service.stop()
        assert [q.channel for q in service.delivery.queued()] == ["telegram:1001"]
        assert [(e.channel, e.result, e.message) for e in delivery.log()] == [
            ("telegram:1001", "dropped", "the channel is no longer configured"),
            ("telegram:404404", "dropped", "the channel is no longer configured"),
            ("telegram:404404", "dropped", "the channel is no longer configured")]


def test_a_version_1_workspace_gains_the_alert_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.execute("INSERT INTO app_settings (key, value) VALUES ('kept', 'yes')")
    conn.close()
    with Workspace.open(path) as workspace:
        assert workspace.get_setting("kept") == "yes"
        delivery = AlertDelivery(workspace, [], wording=ALERT_SENTENCES)
        assert delivery.queued() == [] and delivery.log() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"alert_queue", "alert_log", "alert_record"} <= tables


# --- the service, end to end with the probe engine ---------------------------------------------------------------


def test_uplink_cut_under_the_engine_is_one_telegram_message(tmp_path: Path, bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", TOKEN)
    raised: list[Alert] = []
    with TcpListener() as listener:
        check = [f"tcp:{listener.port}"]
        network = star(40)
        network.targets = [Target("gw", "uplink", LOOPBACK, TargetRole.ISP_GATEWAY, check, interval_s=0.2)]
        network.targets += [Target(f"r{i}", f"o{i}", LOOPBACK, TargetRole.OFFICE_ROUTER, check, interval_s=0.2)
                            for i in range(40)]
        network.alerts = AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base=bot_api.base))
        with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
            service = AlertService(network, workspace, AlertRules(storm_settle_seconds=1),
                                   senders_for(network.alerts), wording=ALERT_SENTENCES, lang="en",
                                   tick_s=0.05)
            service.subscribe(raised.append)
            engine = ProbeEngine(network, sink=workspace, settings=EngineSettings(
                tcp_timeout_s=0.5, retry_interval_s=0.1, publish_interval_s=0.05))
            engine.subscribe(service.on_event)
            service.start()
            engine.start()
            cut: StalledTcpListener | None = None
            try:
                assert wait_until(lambda: engine.site_states()["o39"] is HealthState.UP, 10)
                # The uplink is cut: the gateway and every office behind it fall silent (a refusal would be an
                # answer, so the port goes to a listener whose full queue drops every new connection).
                listener.stop()
                cut = StalledTcpListener(port=listener.port).start()
                if not cut.stalled:
                    pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
                assert wait_until(lambda: engine.site_states()["uplink"] is HealthState.DOWN and all(
                    engine.site_states()[f"o{i}"] is HealthState.UNREACHABLE for i in range(40)), 15)
                assert wait_until(lambda: len(bot_api.received) >= 1, 10)
            finally:
                engine.stop()
                service.stop()
                if cut is not None:
                    cut.stop()
    assert [a.kind for a in raised] == [AlertKind.DOWN]
    [message] = bot_api.received
    assert message["text"].startswith("DOWN: Uplink Telkom since ")
    assert message["text"].endswith(" — 40 offices unreachable.")


def test_a_bad_token_keeps_the_alerts_queued_across_a_restart(tmp_path: Path, bot_api: FakeBotApi) -> None:
    secrets.set_secret("telegram.bot", "8123456789:revoked")
    clock = Clock(1_795_000_000.0)
    planner = AlertPlanner(star(0), AlertRules())
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        delivery = AlertDelivery(workspace, [telegram(bot_api)],
                                 wording=ALERT_SENTENCES, lang="en", max_backoff_s=300, clock=clock)
        for minute in range(3):
            ts = clock.now + minute * 60
            state = (HealthState.UP, HealthState.DOWN) if minute % 2 == 0 else (HealthState.DOWN, HealthState.UP)
            delivery.enqueue(planner.feed([StateChange("uplink", "site", *state, ts)], ts))
        assert delivery.deliver_due() == 0
        [status] = delivery.status()
        assert status.next_attempt == clock.now + 300  # needs a person: the longest wait, not a fast retry loop
        assert status.last_error.startswith("Telegram refused the bot token")
        assert [q.kind for q in delivery.queued()] == ["down", "recovered", "down"]
    secrets.set_secret("telegram.bot", TOKEN)
    clock.now += 3600
    with Workspace.open(path) as workspace:
        delivery = AlertDelivery(workspace, [telegram(bot_api)], wording=ALERT_SENTENCES, lang="en", clock=clock)
        assert delivery.deliver_due() == 3
        assert [e.result for e in delivery.log()] == ["bad-token", "sent", "sent", "sent"]
    assert [m["text"].split("] ", 1)[1].split(":")[0] for m in bot_api.received] == ["DOWN", "RECOVERED", "DOWN"]
    assert all(m["text"].startswith("[DELAYED — raised ") for m in bot_api.received)


def test_pantau_monitor_sends_one_alert_when_a_site_goes_down(tmp_path: Path, bot_api: FakeBotApi) -> None:
    import io

    from pantau.monitor import run_monitor

    secrets.set_secret("telegram.bot", TOKEN)
    network = Network("t", sites=[Site("dinkes", "Dinas Kesehatan", SiteKind.SKPD)],
                      targets=[Target("r", "dinkes", LOOPBACK, TargetRole.OFFICE_ROUTER, [f"tcp:{free_port()}"],
                                      interval_s=0.5)],
                      alerts=AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base=bot_api.base)))
    out = io.StringIO()
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        assert run_monitor(network, workspace, as_json=True, include_targets=False, duration_s=10, lang="id",
                           out=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    alerts = [line for line in lines if line["event"] == "alert"]
    assert [a["kind"] for a in alerts] == ["down"]
    assert alerts[0]["text"].startswith("GANGGUAN: Dinas Kesehatan")
    [message] = bot_api.received
    assert message["text"] == alerts[0]["text"]
