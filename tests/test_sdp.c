/* test_sdp: SDP in a body, m= lines, and the offer/answer comparison, well-formed and hostile. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_sdp.h"

static sipdiag_str S(const char *s)
{
    sipdiag_str str = { s, strlen(s) };
    return str;
}

static int str_is(sipdiag_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static const char *const SRTP_OFFER =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 49170 RTP/SAVP 0 8 101\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"
    "a=sendrecv\r\n";
static const char *const RTP_ANSWER =
    "v=0\no=- 2 2 IN IP4 198.51.100.1\ns=-\nc=IN IP4 198.51.100.1\nt=0 0\n"
    "m=audio 30000 RTP/AVP 8 101\na=rtpmap:8 PCMA/8000\na=rtpmap:101 telephone-event/8000\n";

static void offer(void)
{
    sipdiag_sdp sdp;
    char buf[256];
    CHECK(sipdiag_parse_sdp(S(SRTP_OFFER), &sdp) && sdp.media_count == 1 && !sdp.error, "SRTP offer");
    const sipdiag_sdp_media *m = &sdp.media[0];
    CHECK(str_is(m->media, "audio") && m->port == 49170 && str_is(m->proto, "RTP/SAVP") && m->format_count == 3,
          "m= line");
    CHECK(strcmp(sipdiag_sdp_codec(&m->formats[0], buf, sizeof buf), "PCMU") == 0
          && strcmp(sipdiag_sdp_codec(&m->formats[2], buf, sizeof buf), "telephone-event") == 0, "codecs");
    CHECK(m->has_ptime && m->ptime == 20 && m->crypto && !m->fingerprint
          && sipdiag_sdp_direction_of(&sdp, m) == SIPDIAG_SDP_SENDRECV, "ptime, crypto, direction");
    sipdiag_sdp_media_summary(&sdp, m, buf, sizeof buf);
    CHECK(strcmp(buf, "audio 49170 RTP/SAVP PCMU, PCMA, telephone-event, ptime 20, sendrecv, SDES crypto") == 0,
          "summary: %s", buf);
    CHECK(sipdiag_sdp_secure(S("UDP/TLS/RTP/SAVPF")) && !sipdiag_sdp_secure(S("RTP/AVP")), "secure transports");
}

static void webrtc_and_t38(void)
{
    sipdiag_sdp sdp;
    char buf[256];
    const char *text = "v=0\r\na=fingerprint:sha-256 AB:CD\r\na=sendonly\r\n"
                       "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\na=rtpmap:111 opus/48000/2\r\n"
                       "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=inactive\r\n"
                       "m=image 40000 udptl t38\r\n";
    CHECK(sipdiag_parse_sdp(S(text), &sdp) && sdp.media_count == 3, "three m= lines");
    CHECK(sdp.media[0].fingerprint && sdp.media[1].fingerprint && sdp.media[2].fingerprint,
          "a session-level fingerprint applies to every m= line");
    CHECK(sipdiag_sdp_direction_of(&sdp, &sdp.media[0]) == SIPDIAG_SDP_SENDONLY
          && sipdiag_sdp_direction_of(&sdp, &sdp.media[1]) == SIPDIAG_SDP_INACTIVE, "session and media direction");
    CHECK(strcmp(sipdiag_sdp_codec(&sdp.media[0].formats[0], buf, sizeof buf), "opus") == 0, "rtpmap name");
    CHECK(str_is(sdp.media[2].proto, "udptl") && str_is(sdp.media[2].formats[0].fmt, "t38"), "T.38");
    sipdiag_sdp_media_summary(&sdp, &sdp.media[2], buf, sizeof buf);
    CHECK(strcmp(buf, "image 40000 udptl t38, sendonly, DTLS fingerprint") == 0, "T.38 summary: %s", buf);
}

static void compare(void)
{
    sipdiag_sdp o;
    sipdiag_sdp a;
    char phrase[256];
    sipdiag_parse_sdp(S(SRTP_OFFER), &o);
    sipdiag_parse_sdp(S(RTP_ANSWER), &a);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_SRTP
          && strcmp(phrase, "audio: offer PCMU, PCMA, telephone-event over RTP/SAVP with SDES; "
                            "the other side used RTP/AVP only: SRTP mismatch") == 0, "SRTP vs RTP: %s", phrase);
    sipdiag_parse_sdp(S("v=0\nm=audio 1 RTP/AVP 18 101\na=rtpmap:101 telephone-event/8000\n"), &o);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_CODEC
          && strstr(phrase, "no codec in common") && strstr(phrase, "G729"), "telephone-event alone is no codec: %s",
          phrase);
    sipdiag_parse_sdp(S("v=0\nm=audio 1 RTP/AVP 0 8\n"), &o);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_AGREE
          && strcmp(phrase, "audio: both use RTP/AVP, codecs in common PCMA") == 0, "agree: %s", phrase);
    sipdiag_parse_sdp(S("v=0\nm=audio 0 RTP/AVP 8\n"), &a);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_REFUSED, "port 0: %s", phrase);
    sipdiag_parse_sdp(S("v=0\nm=image 1 udptl t38\n"), &o);
    sipdiag_parse_sdp(S("v=0\nm=audio 2 RTP/AVP 0\n"), &a);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_MEDIA, "no image line: %s", phrase);
    sipdiag_parse_sdp(S("v=0\nm=audio 2 udptl t38\n"), &o);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_TRANSPORT && strstr(phrase, "T.38"),
          "udptl vs RTP: %s", phrase);
    sipdiag_parse_sdp(S("x"), &a);
    CHECK(sipdiag_sdp_compare(&o, &a, phrase, sizeof phrase) == SIPDIAG_SDP_NOTHING && phrase[0] == '\0', "no answer");
    CHECK(sipdiag_sdp_compare(&o, &o, phrase, 0) == SIPDIAG_SDP_NOTHING || 1, "no buffer");
    char tiny[8];
    sipdiag_parse_sdp(S(SRTP_OFFER), &o);
    sipdiag_parse_sdp(S(RTP_ANSWER), &a);
    sipdiag_sdp_compare(&o, &a, tiny, sizeof tiny);
    CHECK(strlen(tiny) == 7, "phrase cut to the buffer");
}

static void bodies(void)
{
    const char *mp = "--b1\r\nContent-Type: application/isup;version=itu-t92+\r\n\r\n\x01\x02--b1x\r\n"
                     "--b1\r\ncontent-type: Application/SDP\r\n\r\nv=0\r\nm=audio 5 RTP/AVP 0\r\n--b1--\r\n";
    sipdiag_str sdp = sipdiag_sdp_in_body(S("multipart/mixed;boundary=\"b1\""), S(mp));
    CHECK(sdp.len > 0 && strncmp(sdp.ptr, "v=0", 3) == 0 && sdp.ptr[sdp.len - 1] == '\n'
          && !memchr(sdp.ptr, '-', sdp.len), "the SDP part of a multipart body");
    sipdiag_sdp parsed;
    CHECK(sipdiag_parse_sdp(sdp, &parsed) && parsed.media[0].port == 5, "parsed");
    CHECK(sipdiag_sdp_in_body(S("multipart/mixed;boundary=zz"), S(mp)).len == 0, "another boundary");
    CHECK(sipdiag_sdp_in_body(S("multipart/mixed"), S(mp)).len == 0, "no boundary");
    CHECK(sipdiag_sdp_in_body(S("multipart/mixed;boundary=b1"), S("--b1\r\nContent-Type: application/sdp\r\n")).len
          == 0, "headers of a part that never end");
    CHECK(sipdiag_sdp_in_body(S("application/sdp ; charset=x"), S("v=0")).len == 3, "application/sdp");
    CHECK(sipdiag_sdp_in_body(S("text/plain"), S("v=0")).len == 0, "not SDP");
    CHECK(sipdiag_sdp_in_body(S(""), S("v=0\r\n")).len == 5 && sipdiag_sdp_in_body(S(""), S("hello")).len == 0,
          "no Content-Type: by its first line");
    char many[2048] = "";
    for (int i = 0; i < 20; i++)
        strcat(many, "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
    strcat(many, "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b--\r\n");
    CHECK(sipdiag_sdp_in_body(S("multipart/mixed;boundary=b"), S(many)).len == 0,
          "an SDP part after SIPDIAG_SDP_MAX_PARTS is not looked for");
}

static void hostile(void)
{
    sipdiag_sdp sdp;
    static const char *const bad[] = {
        "", "v=1\r\nm=audio 1 RTP/AVP 0\r\n", "v=0\r\n", "v=0\r\nm=audio\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n",
        "v=0\r\nm=audio 70000 RTP/AVP 0\r\n", "v=0\r\nm=audio 1 RTP/AVP\r\n", "v=0\r\nm=\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!sipdiag_parse_sdp(S(bad[i]), &sdp) && sdp.error, "refused %zu", i);
    CHECK(sipdiag_parse_sdp(S("v=0\r\nm=audio 1/2 RTP/AVP 0\r\nm=bad\r\nm=video 2 RTP/AVP 31\r\n"), &sdp)
          && sdp.media_count == 2 && sdp.error, "a bad m= line between good ones: skipped, reported");
    char big[4096] = "v=0\r\n";
    for (int i = 0; i < 10; i++)
        strcat(big, "m=audio 1 RTP/AVP 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\r\na=rtpmap:20 X/1\r\n");
    CHECK(sipdiag_parse_sdp(S(big), &sdp) && sdp.media_count == SIPDIAG_SDP_MAX_MEDIA && sdp.media_cut
          && sdp.media[0].format_count == SIPDIAG_SDP_MAX_FORMATS && sdp.media[0].formats_cut, "bounds");
    CHECK(sipdiag_parse_sdp(S("v=0\r\nm=audio 1 RTP/AVP 0\r\na=rtpmap:\r\na=rtpmap:0\r\na=ptime:abc\r\na=\r\na\r\n=\r\n"),
                            &sdp) && !sdp.media[0].has_ptime, "broken attributes ignored");
    CHECK(sipdiag_sdp_static_name(2) == NULL && sipdiag_sdp_static_name(96) == NULL
          && strcmp(sipdiag_sdp_static_name(18), "G729") == 0, "static payload types");
    for (size_t len = 0; len <= strlen(SRTP_OFFER); len++)
        sipdiag_parse_sdp((sipdiag_str){ SRTP_OFFER, len }, &sdp);
    CHECK(1, "prefixes read without a crash");
}

static void summarise(const char *text, sipdiag_sdp_summary *summary)
{
    sipdiag_sdp sdp;
    sipdiag_parse_sdp(S(text), &sdp);
    sipdiag_sdp_summarise(&sdp, summary);
}

/* The kept summaries: what a dialog remembers of each side. */
static void summaries(void)
{
    sipdiag_sdp_summary o;
    sipdiag_sdp_summary a;
    char phrase[256];
    summarise(SRTP_OFFER, &o);
    summarise(RTP_ANSWER, &a);
    CHECK(o.media_count == 1 && strcmp(o.media[0].media, "audio") == 0 && strcmp(o.media[0].proto, "RTP/SAVP") == 0
          && strcmp(o.media[0].codecs, "PCMU PCMA telephone-event") == 0 && o.media[0].crypto
          && o.media[0].port == 49170 && o.media[0].direction == SIPDIAG_SDP_SENDRECV, "offer kept: %s",
          o.media[0].codecs);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, "the callee's earlier answer in frame 4", false, phrase, sizeof phrase)
              == SIPDIAG_SDP_SRTP
              && strcmp(phrase, "audio: offer PCMU, PCMA, telephone-event over RTP/SAVP with SDES; the callee's "
                                "earlier answer in frame 4 used RTP/AVP only: SRTP mismatch") == 0,
          "named other side: %s", phrase);
    /* Against an answer, which keeps the transport its offer set (RFC 3264 §6): a switch refused. */
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, "the callee's earlier answer in frame 4", true, phrase, sizeof phrase)
              == SIPDIAG_SDP_SRTP
              && strcmp(phrase, "audio: offer PCMU, PCMA, telephone-event over RTP/SAVP with SDES; the callee's "
                                "earlier answer in frame 4 kept the session on RTP/AVP: the switch to SRTP was "
                                "refused") == 0,
          "against an answer: %s", phrase);
    CHECK(strcmp(sipdiag_sdp_mismatch_name(SIPDIAG_SDP_SRTP), "srtp") == 0
          && strcmp(sipdiag_sdp_mismatch_name((sipdiag_sdp_mismatch)99), "nothing") == 0, "mismatch names");

    /* No other side known: only what the offer itself says. */
    CHECK(sipdiag_sdp_compare_summaries(&o, NULL, NULL, false, phrase, sizeof phrase) == SIPDIAG_SDP_NOTHING
          && phrase[0] == '\0', "nothing to compare: %s", phrase);
    summarise("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 4000 RTP/AVP 0\r\n", &o);
    CHECK(sipdiag_sdp_compare_summaries(&o, NULL, NULL, false, phrase, sizeof phrase) == SIPDIAG_SDP_HOLD
          && strcmp(phrase, "the offer holds audio (c=0.0.0.0)") == 0, "hold by address: %s", phrase);
    summarise("v=0\r\nm=audio 4000 RTP/AVP 0 8\r\na=sendonly\r\nm=video 0 RTP/AVP 96\r\n", &o);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, "the callee", false, phrase, sizeof phrase) == SIPDIAG_SDP_HOLD
          && strcmp(phrase, "audio: both use RTP/AVP, codecs in common PCMA; the offer holds audio (sendonly); "
                            "the offer disables video (port 0)") == 0, "hold and a disabled stream: %s", phrase);
    summarise("v=0\r\nm=audio 0 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n", &o);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, NULL, false, phrase, sizeof phrase) == SIPDIAG_SDP_DISABLED,
          "every stream disabled: %s", phrase);
    /* The first failing stream is named, not the first stream. */
    summarise("v=0\r\nm=audio 4000 RTP/AVP 8\r\nm=video 4002 RTP/AVP 31\r\n", &o);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, "the callee", false, phrase, sizeof phrase) == SIPDIAG_SDP_MEDIA
          && strcmp(phrase, "video: the callee has no video stream") == 0, "missing video: %s", phrase);
    summarise("v=0\r\nm=audio 4000 RTP/AVP 8\r\nm=video 0 RTP/AVP 31\r\n", &a);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, "the callee", false, phrase, sizeof phrase) == SIPDIAG_SDP_REFUSED
          && strstr(phrase, "video: the callee set its port to 0"), "video refused by the other side: %s", phrase);
    /* Both SRTP, keyed differently. */
    summarise("v=0\r\nm=audio 1 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\r\n", &o);
    summarise("v=0\r\na=fingerprint:sha-256 AB\r\nm=audio 1 UDP/TLS/RTP/SAVP 0\r\n", &a);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, NULL, false, phrase, sizeof phrase) == SIPDIAG_SDP_TRANSPORT
          && strstr(phrase, "with SDES") && strstr(phrase, "with DTLS") && strstr(phrase, "keying mismatch"),
          "SDES against DTLS: %s", phrase);
}

static void hostile_summaries(void)
{
    sipdiag_sdp_summary o;
    sipdiag_sdp_summary a;
    char phrase[512];
    /* A huge m= line: more formats than parsed, more names than kept. */
    char big[8192] = "v=0\r\nm=audio 1 RTP/AVP";
    for (int i = 96; i < 128; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), " %d", i);
    strcat(big, "\r\n");
    for (int i = 96; i < 128; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "a=rtpmap:%d codec-with-a-long-name-%d/8000\r\n", i, i);
    for (int i = 0; i < 50; i++)
        strcat(big, "m=video 2 RTP/AVP 31\r\n");
    summarise(big, &o);
    CHECK(o.media_count == SIPDIAG_SDP_KEPT_MEDIA && o.media_cut && o.media[0].codecs_cut
          && strlen(o.media[0].codecs) < sizeof o.media[0].codecs, "bounded: %s", o.media[0].codecs);
    summarise("v=0\r\nm=audio 1 RTP/AVP 8\r\n", &a);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, NULL, false, phrase, sizeof phrase) == SIPDIAG_SDP_CODEC
          && strstr(phrase, "among those kept"), "a cut codec list says so: %s", phrase);
    /* Long names and control bytes are cut and masked. */
    summarise("v=0\r\nm=application-with-a-very-long-name 1 RTP/AVP/with/a/very/long/profile 9\x01x\r\n", &o);
    CHECK(o.media_count == 1 && strlen(o.media[0].media) == sizeof o.media[0].media - 1
          && strlen(o.media[0].proto) == sizeof o.media[0].proto - 1 && strcmp(o.media[0].codecs, "9?x") == 0,
          "cut and masked: %s / %s / %s", o.media[0].media, o.media[0].proto, o.media[0].codecs);
    /* Bad ports, missing fields: no summary, nothing compared. */
    static const char *const bad[] = { "v=0\r\nm=audio 65536 RTP/AVP 0\r\n", "v=0\r\nm=audio -1 RTP/AVP 0\r\n",
                                       "v=0\r\nm=audio 1\r\n", "v=0\r\nc=\r\nc=IN\r\n", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        summarise(bad[i], &o);
        CHECK(o.media_count == 0 && sipdiag_sdp_compare_summaries(&o, &a, NULL, false, phrase, sizeof phrase)
                                        == SIPDIAG_SDP_NOTHING && phrase[0] == '\0', "bad SDP %zu: no summary", i);
    }
    summarise("v=0\r\nm=audio 1 RTP/AVP 0\r\n", &o);
    summarise("v=0\r\nm=audio 2 RTP/AVP\r\n", &a);
    CHECK(sipdiag_sdp_compare_summaries(&o, &a, NULL, false, phrase, sizeof phrase) == SIPDIAG_SDP_NOTHING,
          "an other side without a usable m= line is no other side");
    /* Every prefix of a long phrase fits its buffer. */
    summarise(SRTP_OFFER, &o);
    summarise(RTP_ANSWER, &a);
    for (size_t size = 0; size < 200; size++) {
        char small[200];
        memset(small, 'x', sizeof small);
        sipdiag_sdp_compare_summaries(&o, &a, NULL, size % 2 == 0, small, size);
        CHECK(size == 0 || strlen(small) < size, "phrase within %zu bytes", size);
    }
}

/* The one-pass summary is the parsed one, byte for byte, on every text here. */
static void same_summary(const char *text, size_t len, const char *what)
{
    sipdiag_sdp sdp;
    sipdiag_sdp_summary parsed;
    sipdiag_sdp_summary fast;
    sipdiag_str s = { text, len };
    sipdiag_parse_sdp(s, &sdp);
    sipdiag_sdp_summarise(&sdp, &parsed);
    bool ok = sipdiag_sdp_summarise_text(s, &fast);
    CHECK(ok == (parsed.media_count > 0) && memcmp(&parsed, &fast, sizeof parsed) == 0,
          "one-pass summary of %s (%zu bytes)", what, len);
}

static void one_pass(void)
{
    static const char *const texts[] = {
        SRTP_OFFER, RTP_ANSWER,
        "v=0\r\na=fingerprint:sha-256 AB:CD\r\na=sendonly\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n"
        "a=rtpmap:111 opus/48000/2\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=inactive\r\n"
        "m=image 40000 udptl t38\r\n",
        "v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 10.0.0.1\r\nm=video 2 RTP/AVP 31\r\n",
        "v=0\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\na=RECVONLY\r\na=Crypto:1 x\r\na=RTPMAP:0 X/1\r\n",
        "v=0\r\nm=audio 1/2 RTP/AVP 0\r\nm=bad\r\na=crypto:1\r\nc=IN IP4 0.0.0.0\r\nm=video 2 RTP/AVP 31\r\n",
        "v=0\r\nm=a 1 P 1\r\nm=b 2 P 2\r\nm=c 3 P 3\r\nm=d 4 P 4\r\na=sendonly\r\nm=e 5 P 5\r\nm=f 6 P 6\r\nm=g 7 P 7\r\n",
        "v=0\r\nm=a 1 P 1\r\nm=b 2 P 2\r\nm=c 3 P 3\r\nm=x\r\nm=y\r\nm=z\r\nm=w\r\n",
        "v=0\r\nm=audio 1 RTP/AVP 0\r\na=rtpmap:\r\na=rtpmap:0\r\na=ptime:abc\r\na=\r\na\r\n=\r\nc=\r\nc=IN\r\n",
        "v=0\nm=audio 1 RTP/AVP 96 97 98\na=rtpmap:96 a-very-long-codec-name-that-goes-on-and-on/8000\n"
        "a=rtpmap:97 another-very-long-codec-name-that-goes-on/8000\na=rtpmap:98 x\x80y/1\n",
        "v=0\r\nm=audio 70000 RTP/AVP 0\r\n", "v=1\r\nm=audio 1 RTP/AVP 0\r\n", "", "v=0",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (size_t len = 0; len <= strlen(texts[i]); len++)
            same_summary(texts[i], len, texts[i]);
    char big[8192] = "v=0\r\n";
    for (int i = 0; i < 10; i++)
        strcat(big, "m=audio 1 RTP/AVP 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\r\na=rtpmap:20 X/1\r\n"
                    "a=inactive\r\na=fingerprint:x\r\n");
    same_summary(big, strlen(big), "many m= lines of many formats");
}

int main(void)
{
    offer();
    webrtc_and_t38();
    compare();
    bodies();
    hostile();
    summaries();
    hostile_summaries();
    one_pass();
    return check_report("test_sdp");
}
