#!/usr/bin/python3
"""vpcd_card.py — a My Number card emulator for Debian's vsmartcard-vpcd
virtual reader (test use only).

vpcd (the pcscd driver registered as "Virtual PCD") listens on a TCP port;
this program connects to it as the card.  Each message is a 2-byte
big-endian length and its bytes: a 1-byte message is a control (0 power
off, 1 power on, 2 reset, 4 send the ATR), anything longer a command APDU
answered with a response APDU.

The card: the 券面事項入力補助AP (AID D3921000310001010408), its PIN EF 0011
(PIN and tries from the options), EF 0002 with the four items
(FF 20 { DF21..DF25 }) readable once the PIN is verified, and EF 0001 /
0003 present, so that a SELECT of them would succeed: every APDU is written
to --log (hex, one a line), and a SELECT of EF 0001, 0003 or 0014, or any
command the module must never send, is written there as FORBIDDEN and makes
the program exit 3 when it ends.  A reset or power-off drops the verified
state.  SIGTERM ends it.
"""
import argparse
import signal
import socket
import sys
import time

AID = bytes.fromhex("D3921000310001010408")
ATR = bytes.fromhex("3B800181")  # T=1, no historical bytes, TCK


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return tag + length + value


def ef0002(name, address, birth, sex):
    inner = (tlv(b"\xDF\x21", b"\x00\x01\x02") + tlv(b"\xDF\x22", name.encode())
             + tlv(b"\xDF\x23", address.encode()) + tlv(b"\xDF\x24", birth.encode())
             + tlv(b"\xDF\x25", sex.encode()))
    return tlv(b"\xFF\x20", inner)


class Card:
    def __init__(self, a, log):
        self.pin = a.pin.encode()
        self.tries = a.tries
        self.max = 3
        self.ef2 = ef0002(a.name, a.address, a.birth, a.sex)
        self.log = log
        self.forbidden = False
        self.reset()

    def reset(self):
        self.ap = False
        self.ef = None
        self.verified = False

    def note(self, apdu, what=""):
        self.log.write(apdu.hex().upper() + (" " + what if what else "") + "\n")
        self.log.flush()

    def forbid(self, apdu):
        self.forbidden = True
        self.note(apdu, "FORBIDDEN")

    def apdu(self, c):
        if len(c) < 4:
            self.note(c)
            return b"\x67\x00"
        cla, ins, p1, p2 = c[0], c[1], c[2], c[3]
        if ins == 0xA4 and p1 == 0x04:
            self.note(c)
            self.ap = c[5:5 + c[4]] == AID if len(c) > 5 else False
            self.ef = None
            self.verified = False
            return b"\x90\x00" if self.ap else b"\x6A\x82"
        if ins == 0xA4:
            ident = c[5:7] if len(c) >= 7 else b""
            if p1 != 0x02 or ident not in (b"\x00\x11", b"\x00\x02"):
                self.forbid(c)
            else:
                self.note(c)
            if not self.ap:
                return b"\x6A\x82"
            if ident in (b"\x00\x11", b"\x00\x02", b"\x00\x01", b"\x00\x03", b"\x00\x14"):
                self.ef = ident
                return b"\x90\x00"
            return b"\x6A\x82"
        if ins == 0x20 and p1 == 0x00 and p2 == 0x80:
            self.note(c if len(c) == 4 else c[:5] + b"****")  # the PIN is not logged
            if self.ef != b"\x00\x11":
                return b"\x69\x86"
            if len(c) == 4:
                return b"\x90\x00" if self.verified else bytes([0x63, 0xC0 | self.tries])
            if self.tries == 0:
                return b"\x69\x83"
            if c[4:] == b"\x04" + self.pin:
                self.tries = self.max
                self.verified = True
                return b"\x90\x00"
            self.tries -= 1
            return bytes([0x63, 0xC0 | self.tries])
        if ins == 0xB0 and len(c) == 5:
            if p1 & 0x80:
                self.forbid(c)
                return b"\x69\x81"
            self.note(c)
            if self.ef != b"\x00\x02":
                return b"\x69\x86"
            if not self.verified:
                return b"\x69\x82"
            off = p1 << 8 | p2
            le = c[4] or 256
            if off >= len(self.ef2):
                return b"\x6B\x00"
            return self.ef2[off:off + le] + b"\x90\x00"
        self.forbid(c)
        return b"\x6D\x00"


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        part = s.recv(n - len(buf))
        if not part:
            return None
        buf += part
    return buf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=35963)
    ap.add_argument("--connect-timeout", type=float, default=15.0)
    ap.add_argument("--log", required=True)
    ap.add_argument("--pin", default="1234")
    ap.add_argument("--tries", type=int, default=3)
    ap.add_argument("--name", default="𠮷田　葛\U000E0100子")
    ap.add_argument("--address", default="東京都葛飾区立石五丁目１３番１号")
    ap.add_argument("--birth", default="19890107")
    ap.add_argument("--sex", default="2")
    a = ap.parse_args()
    log = open(a.log, "a")
    card = Card(a, log)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3 if card.forbidden else 0))
    deadline = time.monotonic() + a.connect_timeout
    while True:
        try:
            s = socket.create_connection((a.host, a.port), timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                print("vpcd_card: cannot connect to vpcd on %s:%d" % (a.host, a.port),
                      file=sys.stderr)
                return 2
            time.sleep(0.2)
    s.settimeout(None)
    log.write("CONNECTED\n")
    log.flush()
    while True:
        head = recv_exact(s, 2)
        if head is None:
            break
        n = head[0] << 8 | head[1]
        msg = recv_exact(s, n) if n else b""
        if msg is None:
            break
        if n == 1:
            ctl = msg[0]
            if ctl in (0, 1, 2):
                card.reset()
            elif ctl == 4:
                s.sendall(bytes([0, len(ATR)]) + ATR)
            continue
        r = card.apdu(msg)
        s.sendall(bytes([len(r) >> 8, len(r) & 0xFF]) + r)
    return 3 if card.forbidden else 0


if __name__ == "__main__":
    sys.exit(main())
