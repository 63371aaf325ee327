#!/usr/bin/env python3
"""A webhook receiver for credkit events, in Python 3.11 with the standard library only.

Written independently of credkit's TypeScript code, from the contract (ARCHITECTURE.md, the wire
profiles in spec/profiles/*.yaml, the Standard Webhooks and Stripe signature specs), to check that
`credkit conformance` judges a receiver it has never seen the way its documentation says.

Clean behaviour (no --bug):
  * verifies the raw body per profile before parsing anything;
  * answers the certn `GET ?challenge=X` handshake (200, body X, text/plain, nosniff);
  * deduplicates by event id, orders by data.revision per object;
  * acknowledges fast and applies after, on a worker thread;
  * exposes the probe: GET {probe}/events/{id} and GET {probe}/objects/{object}/{id}.

Each --bug flag plants exactly one realistic mistake (see BUGS below).

Usage:
  python3 receiver.py --profile standard --secret whsec_... [--port 0] [--bug NAME] [--slow-ms 1500]
  (the secret may come from $WEBHOOK_SECRET instead, to keep it out of process lists)

The first line on stdout is `LISTENING <port>`; the webhook path is /webhooks, the probe /probe.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import queue
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

PROFILES = ("standard", "certdirectory", "certn", "compliancely", "stripe")

# One realistic bug per flag, and what it does.
BUGS = {
    "reserialize": "verifies json.dumps(json.loads(body)) instead of the raw bytes",
    "no-timestamp-check": "never compares the signed timestamp with the clock",
    "accept-missing-signature": "skips verification when the signature header is absent",
    "first-signature-only": "compares only the first signature of the header",
    "apply-duplicates": "applies every delivery, without deduplicating by event id",
    "last-write-wins": "lets whatever arrives last overwrite the object (no revision ordering)",
    "500-unknown-type": "answers 500 to an event type it does not know",
    "reject-unknown-fields": "parses the envelope strictly and answers 400 to fields it does not know",
    "slow-ack": "does the work before acknowledging (sleeps --slow-ms per valid delivery)",
    "no-echo": "answers the certn handshake 200 without echoing the challenge",
    "html-echo": "echoes the certn challenge as text/html, without nosniff (Flask's default)",
    "no-nosniff": "echoes the certn challenge as text/plain but without X-Content-Type-Options: nosniff",
    "redirect": "answers valid deliveries with a redirect to another path (Post/Redirect/Get)",
    "never-answer": "accepts every connection and never answers",
    "trickle": "answers every POST with 200 and a body that never ends, one byte every 100 ms",
    "hang-up": "closes the connection on every POST without answering",
    # Beyond issue 6's list: mistakes a judge might plant too.
    "racy-dedupe": "checks for a duplicate and records the id in two steps, so concurrent copies both pass",
    "dedupe-by-signature": "deduplicates by the signature header instead of the event id (a re-signed retry is new)",
    "crash-on-malformed": "decodes the signature without handling bad input: garbage answers 500",
    "ack-before-verify": "acknowledges every POST and verifies later, on the worker",
}

STANDARD_TOLERANCE_IN_SECONDS = 5 * 60
STRIPE_TOLERANCE_IN_SECONDS = 5 * 60

# The contract's event catalog (v1): the types this receiver knows, with the data fields of each.
# A clean receiver ignores fields and types it does not know; only the reject-unknown-fields bug
# reads the field lists.
ENVELOPE_FIELDS = {"id", "type", "createdAt", "apiVersion", "data"}
CREDENTIAL_FIELDS = {"id", "object", "revision", "status", "kind", "title", "recipientEmail"}
DATA_FIELDS = {
    "credential.issued": CREDENTIAL_FIELDS | {"bulkIssuanceId", "expiresAt", "issuedAt", "renewedFrom"},
    "credential.updated": CREDENTIAL_FIELDS | {"changedFields"},
    "credential.claimed": CREDENTIAL_FIELDS | {"claimedAt"},
    "credential.verified": CREDENTIAL_FIELDS | {"result", "verificationId", "verifiedAt"},
    "credential.revoked": CREDENTIAL_FIELDS | {"reason", "revokedAt"},
    "credential.expired": CREDENTIAL_FIELDS | {"expiredAt"},
    "credential.renewed": CREDENTIAL_FIELDS | {"renewedAt", "successorId"},
    "bulk_issuance.completed": {"id", "object", "revision", "status", "completedAt", "failed", "succeeded", "total"},
    "case.status_changed": {"id", "object", "revision", "status", "previousStatus", "result"},
    "check.status_changed": {"id", "object", "revision", "status", "caseId", "checkType", "previousStatus", "result"},
    "case.report_ready": {"id", "object", "revision", "status", "reportId", "result"},
    "case.input_claims_generated": {"id", "object", "revision", "status", "inputClaimsCount", "result"},
    "business.status_changed": {"id", "object", "revision", "status", "legalName", "previousStatus"},
    "business.details_updated": {"id", "object", "revision", "status", "changedFields", "legalName"},
    "endpoint.test": {"id", "object", "revision", "status", "url"},
}
# Certn's compact envelope and its event codes (its own four, and the names of credkit's others).
CERTN_FIELDS = {"id", "event_type", "object_id", "object_type"}
CERTN_EVENT_CODES = {
    "CASE_STATUS_CHANGED", "CHECK_STATUS_CHANGED", "CASE_REPORT_READY",
    "CASE_INPUT_CLAIMS_AUTOMATICALLY_GENERATED", "CREDENTIAL_ISSUED", "CREDENTIAL_UPDATED",
    "CREDENTIAL_CLAIMED", "CREDENTIAL_VERIFIED", "CREDENTIAL_REVOKED", "CREDENTIAL_EXPIRED",
    "CREDENTIAL_RENEWED", "BULK_ISSUANCE_COMPLETED", "BUSINESS_STATUS_CHANGED",
    "BUSINESS_DETAILS_UPDATED", "ENDPOINT_TEST",
}

SIGNATURE_HEADER = {
    "certdirectory": "X-CertDirectory-Signature",
    "certn": "X-Signature",
    "compliancely": "Compliancely-Signature",
}


class CaseInsensitive(dict):
    """Header lookups by any case, like http.server's headers (for work queued with a copy of them)."""

    def __init__(self, headers: dict) -> None:
        super().__init__((k.lower(), v) for k, v in headers.items())

    def get(self, name, default=None):
        return super().get(name.lower(), default)


class Rejection(Exception):
    """A delivery this receiver refuses: an HTTP status and a short reason (never the secret)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Store:
    """What the receiver has applied: times each event was applied, the state of each object."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted: set[str] = set()  # event ids acknowledged (dedupe happens here)
        self.times_applied: dict[str, int] = {}
        self.objects: dict[tuple[str, str], dict] = {}


class Receiver:
    def __init__(self, profile: str, secret: str, bug: str | None, slow_ms: int, redirect_status: int,
                 ack_status: int = 200, reject_status: int | None = None) -> None:
        self.ack_status = ack_status
        self.reject_status = reject_status
        self.profile = profile
        self.secret = secret
        self.bug = bug
        self.slow_ms = slow_ms
        self.redirect_status = redirect_status
        self.store = Store()
        self.work: queue.Queue = queue.Queue()
        threading.Thread(target=self._apply_forever, daemon=True).start()

    # ---- verification -------------------------------------------------------------------------

    def signed_body(self, body: bytes) -> bytes:
        if self.bug == "reserialize":
            # The bug: a framework parsed the JSON, and we sign what we think the sender sent.
            try:
                parsed = json.loads(body)
            except ValueError as err:
                raise Rejection(400, "body is not JSON") from err
            return json.dumps(parsed, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return body

    def verify(self, headers, body: bytes) -> None:
        if self.profile == "standard":
            self._verify_standard(headers, body)
        elif self.profile == "stripe":
            self._verify_stripe(headers, body)
        else:
            self._verify_hex(headers, body)

    def _candidates(self, candidates: list[str]) -> list[str]:
        return candidates[:1] if self.bug == "first-signature-only" else candidates

    def _verify_standard(self, headers, body: bytes) -> None:
        msg_id = headers.get("webhook-id")
        timestamp = headers.get("webhook-timestamp")
        signature = headers.get("webhook-signature")
        if signature is None and self.bug == "accept-missing-signature":
            return
        if msg_id is None or timestamp is None or signature is None:
            raise Rejection(400, "missing webhook-id, webhook-timestamp or webhook-signature")
        try:
            ts = int(timestamp)
        except ValueError as err:
            raise Rejection(400, "webhook-timestamp is not an integer") from err
        if self.bug != "no-timestamp-check":
            now = int(time.time())
            if ts < now - STANDARD_TOLERANCE_IN_SECONDS:
                raise Rejection(401, "timestamp too old")
            if ts > now + STANDARD_TOLERANCE_IN_SECONDS:
                raise Rejection(401, "timestamp too new")
        secret = self.secret[len("whsec_"):] if self.secret.startswith("whsec_") else self.secret
        key = base64.b64decode(secret)
        content = f"{msg_id}.{timestamp}.".encode("utf-8") + self.signed_body(body)
        expected = hmac.new(key, content, hashlib.sha256).digest()
        candidates = []
        for part in signature.split(" "):
            version, _, value = part.partition(",")
            if version != "v1" or not value:
                continue  # unknown versions are skipped, as Standard Webhooks says
            candidates.append(value)
        for value in self._candidates(candidates):
            if self.bug == "crash-on-malformed":
                given = base64.b64decode(value, validate=True)  # the bug: raises on garbage
            else:
                try:
                    given = base64.b64decode(value, validate=True)
                except (binascii.Error, ValueError):
                    continue
            if hmac.compare_digest(given, expected):
                return
        raise Rejection(401, "no matching signature")

    def _verify_stripe(self, headers, body: bytes) -> None:
        header = headers.get("Stripe-Signature")
        if header is None and self.bug == "accept-missing-signature":
            return
        if header is None:
            raise Rejection(400, "missing Stripe-Signature")
        timestamp = None
        candidates: list[str] = []
        for item in header.split(","):
            key, _, value = item.strip().partition("=")
            if key == "t":
                timestamp = value
            elif key == "v1":
                candidates.append(value)
        if timestamp is None or not candidates:
            raise Rejection(400, "Stripe-Signature has no t= or no v1=")
        try:
            ts = int(timestamp)
        except ValueError as err:
            raise Rejection(400, "t= is not an integer") from err
        # Like Stripe's libraries: only age is checked, a timestamp in the future is accepted.
        if self.bug != "no-timestamp-check" and int(time.time()) - ts > STRIPE_TOLERANCE_IN_SECONDS:
            raise Rejection(401, "timestamp too old")
        content = f"{timestamp}.".encode("utf-8") + self.signed_body(body)
        expected = hmac.new(self.secret.encode("utf-8"), content, hashlib.sha256).hexdigest()
        for value in self._candidates(candidates):
            if self.bug == "crash-on-malformed":
                bytes.fromhex(value)  # the bug: raises on garbage
            if hmac.compare_digest(value.encode("utf-8"), expected.encode("utf-8")):
                return
        raise Rejection(401, "no matching signature")

    def _verify_hex(self, headers, body: bytes) -> None:
        signature = headers.get(SIGNATURE_HEADER[self.profile])
        if signature is None and self.bug == "accept-missing-signature":
            return
        if signature is None:
            raise Rejection(400, f"missing {SIGNATURE_HEADER[self.profile]}")
        expected = hmac.new(self.secret.encode("utf-8"), self.signed_body(body), hashlib.sha256).hexdigest()
        if self.bug == "crash-on-malformed":
            bytes.fromhex(signature)  # the bug: raises on garbage
        if not hmac.compare_digest(signature.strip().lower().encode("utf-8"), expected.encode("utf-8")):
            raise Rejection(401, "signature does not match")

    # ---- the event ----------------------------------------------------------------------------

    def read_event(self, body: bytes) -> dict:
        """The event as {id, type, known, object, object_id, revision, status}, after verification."""
        try:
            payload = json.loads(body)
        except ValueError as err:
            raise Rejection(400, "body is not JSON") from err
        if not isinstance(payload, dict) or not isinstance(payload.get("id"), str):
            raise Rejection(400, "body is not an event envelope")
        if self.profile == "certn":
            code = payload.get("event_type")
            known = code in CERTN_EVENT_CODES
            if known and self.bug == "reject-unknown-fields" and set(payload) - CERTN_FIELDS:
                raise Rejection(400, f"unknown fields {sorted(set(payload) - CERTN_FIELDS)}")
            object_type = payload.get("object_type")
            return {
                "id": payload["id"], "type": code, "known": known,
                "object": object_type.lower() if isinstance(object_type, str) else None,
                "object_id": payload.get("object_id"), "revision": None, "status": None,
            }
        event_type = payload.get("type")
        known = event_type in DATA_FIELDS
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        if known and self.bug == "reject-unknown-fields":
            extra = (set(payload) - ENVELOPE_FIELDS) | (set(data) - DATA_FIELDS[event_type])
            if extra:
                raise Rejection(400, f"unknown fields {sorted(extra)}")
        revision = data.get("revision")
        return {
            "id": payload["id"], "type": event_type, "known": known,
            "object": data.get("object"), "object_id": data.get("id"),
            "revision": revision if isinstance(revision, int) and not isinstance(revision, bool) else None,
            "status": data.get("status"),
        }

    def accept(self, event: dict, delivery_key: str) -> bool:
        """Queues the event unless it was already accepted; False for a duplicate."""
        key = delivery_key if self.bug == "dedupe-by-signature" else event["id"]
        if self.bug == "racy-dedupe":
            # The bug: a SELECT, a round trip, then an INSERT, with nothing unique in between.
            if key in self.store.accepted:
                return False
            time.sleep(0.05)
            self.store.accepted.add(key)
            self.work.put(event)
            return True
        with self.store.lock:
            if key in self.store.accepted and self.bug != "apply-duplicates":
                return False
            self.store.accepted.add(key)
        self.work.put(event)
        return True

    def _apply_forever(self) -> None:
        while True:
            item = self.work.get()
            if isinstance(item, tuple):  # the ack-before-verify bug: verify now, after the 2xx
                _, headers, body = item
                try:
                    self.verify(CaseInsensitive(headers), body)
                    event = self.read_event(body)
                except Exception:
                    continue  # too late to refuse: the sender already has its 2xx
                with self.store.lock:
                    if event["id"] in self.store.accepted:
                        continue
                    self.store.accepted.add(event["id"])
                self.apply(event)
                continue
            self.apply(item)

    def apply(self, event: dict) -> None:
        store = self.store
        with store.lock:
            store.times_applied[event["id"]] = store.times_applied.get(event["id"], 0) + 1
            if not event["known"] or not isinstance(event["object"], str) or not isinstance(event["object_id"], str):
                return  # an unknown type is acknowledged and ignored
            key = (event["object"], event["object_id"])
            current = store.objects.get(key)
            revision = event["revision"]
            if self.profile == "certn" or revision is None:
                # Certn's envelope has no revision: the receiver would fetch the object from the API.
                store.objects[key] = {"revision": current["revision"] + 1 if current else 1, "status": event["type"]}
                return
            if self.bug == "last-write-wins" or current is None or revision > current["revision"]:
                store.objects[key] = {"revision": revision, "status": event["status"]}


def make_handler(receiver: Receiver, webhook_path: str, probe_prefix: str, redirect_path: str, http_version: str,
                 nagle: bool):
    class Handler(BaseHTTPRequestHandler):
        # http.server writes the headers and the body in two sends: with Nagle's algorithm on (the
        # stdlib default) each keep-alive answer waits ~40 ms for the client's delayed ACK.
        disable_nagle_algorithm = not nagle
        # HTTP/1.1 keeps connections alive; HTTP/1.0 closes each one (both are correct receivers).
        protocol_version = f"HTTP/{http_version}"
        server_version = "interop-receiver/1"
        sys_version = ""

        def log_message(self, format, *args):  # noqa: A002 - quiet: tests read stdout
            return

        def handle_one_request(self):
            if receiver.bug == "never-answer":
                # The bug: the connection is accepted, the request is never answered.
                threading.Event().wait()
            return super().handle_one_request()

        # ---- helpers ----

        def _send(self, status: int, body: bytes = b"", content_type: str | None = "application/json",
                  headers: dict | None = None) -> None:
            self.send_response(status)
            if content_type is not None:
                self.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, value) -> None:
            self._send(status, json.dumps(value).encode("utf-8"))

        def _read_body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length > 0 else b""

        # ---- routes ----

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path.startswith(probe_prefix + "/"):
                return self._probe(url.path[len(probe_prefix) + 1:])
            if url.path == webhook_path:
                return self._handshake(parse_qs(url.query, keep_blank_values=True))
            return self._json(404, {"error": "not found"})

        def do_POST(self):
            url = urlsplit(self.path)
            body = self._read_body()
            if receiver.bug == "hang-up":
                self.close_connection = True
                self.connection.shutdown(2)  # the bug: a crash that drops the socket (SHUT_RDWR)
                return
            if receiver.bug == "trickle":
                # The bug: a streaming answer that never ends (a proxy buffering forever, say).
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
                while True:
                    self.wfile.write(b".")
                    self.wfile.flush()
                    time.sleep(0.1)
            if url.path not in (webhook_path, redirect_path):
                return self._json(404, {"error": "not found"})
            if receiver.bug == "ack-before-verify":
                # The bug: "acknowledge fast" taken too far; the worker verifies, too late to refuse.
                receiver.work.put(("verify-later", dict(self.headers.items()), body))
                return self._json(receiver.ack_status, {"received": True})
            try:
                receiver.verify(self.headers, body)
                event = receiver.read_event(body)
            except Rejection as rejection:
                return self._json(receiver.reject_status or rejection.status, {"error": rejection.reason})
            except Exception as err:  # what a web framework does with an uncaught exception
                return self._json(500, {"error": f"internal server error ({type(err).__name__})"})
            if not event["known"] and receiver.bug == "500-unknown-type":
                # The bug: a dispatch table with no default branch.
                return self._json(500, {"error": f"no handler for {event['type']}"})
            delivery_key = "|".join(self.headers.get(h) or "" for h in (
                "webhook-signature", "Stripe-Signature", "X-CertDirectory-Signature", "X-Signature", "Compliancely-Signature"))
            fresh = receiver.accept(event, delivery_key)
            if receiver.bug == "slow-ack":
                time.sleep(receiver.slow_ms / 1000)
            if receiver.bug == "redirect" and url.path == webhook_path:
                # The bug: Post/Redirect/Get, as a web form would do; the event is already queued.
                return self._send(receiver.redirect_status, b"", None, {"Location": redirect_path})
            if receiver.ack_status == 204:
                return self._send(204, b"", None)
            return self._json(receiver.ack_status, {"received": True, "duplicate": not fresh})

        def _handshake(self, query: dict) -> None:
            if receiver.profile != "certn" or "challenge" not in query:
                return self._json(405, {"error": "deliveries are POSTed"})
            challenge = query["challenge"][0]
            if receiver.bug == "no-echo":
                return self._send(200, b"", "text/plain", {"X-Content-Type-Options": "nosniff"})
            if receiver.bug == "no-nosniff":
                return self._send(200, challenge.encode("utf-8"), "text/plain")
            if receiver.bug == "html-echo":
                return self._send(200, challenge.encode("utf-8"), "text/html; charset=utf-8")
            return self._send(200, challenge.encode("utf-8"), "text/plain", {"X-Content-Type-Options": "nosniff"})

        def _probe(self, rest: str) -> None:
            parts = [unquote(p) for p in rest.split("/")]
            store = receiver.store
            with store.lock:
                if len(parts) == 2 and parts[0] == "events":
                    times = store.times_applied.get(parts[1])
                    if times is None:
                        return self._json(404, {"error": "event never seen"})
                    return self._json(200, {"eventId": parts[1], "timesApplied": times})
                if len(parts) == 3 and parts[0] == "objects":
                    state = store.objects.get((parts[1], parts[2]))
                    if state is None:
                        return self._json(404, {"error": "object never seen"})
                    return self._json(200, {"revision": state["revision"], "status": state["status"]})
            return self._json(404, {"error": "unknown probe path"})

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # load.burst opens many connections at once; the default backlog of 5 would stall them in SYN retries.
    request_queue_size = 256

    def handle_error(self, request, client_address):
        # The sender gives up on slow answers and closes the socket; that is expected, not news.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="bugs (--bug):\n" + "\n".join(f"  {name:<26} {what}" for name, what in BUGS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--profile", choices=PROFILES, default="standard")
    parser.add_argument("--secret", default=os.environ.get("WEBHOOK_SECRET"))
    parser.add_argument("--bug", choices=sorted(BUGS), default=None)
    parser.add_argument("--slow-ms", type=int, default=1500, help="work time of the slow-ack bug")
    parser.add_argument("--redirect-status", type=int, default=307, help="status of the redirect bug")
    # Legitimate variations of a correct receiver, so the suite is not tuned to one style of answer.
    parser.add_argument("--ack-status", type=int, default=200, choices=(200, 202, 204))
    parser.add_argument("--reject-status", type=int, default=None, help="one status for every refusal, e.g. 403")
    parser.add_argument("--http-version", choices=("1.0", "1.1"), default="1.1")
    parser.add_argument("--nagle", action="store_true", help="keep the stdlib default (~40 ms per keep-alive answer)")
    parser.add_argument("--path", default="/webhooks")
    parser.add_argument("--probe-prefix", default="/probe")
    args = parser.parse_args(argv)
    if not args.secret:
        parser.error("--secret (or $WEBHOOK_SECRET) is required")
    receiver = Receiver(args.profile, args.secret, args.bug, args.slow_ms, args.redirect_status,
                        args.ack_status, args.reject_status)
    handler = make_handler(receiver, args.path, args.probe_prefix, args.path + "-moved", args.http_version,
                           args.nagle)
    server = Server((args.host, args.port), handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
