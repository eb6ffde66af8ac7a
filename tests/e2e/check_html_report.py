#!/usr/bin/env python3
"""The HTML report (--format html) opened in headless Chromium.

usage: check_html_report.py SAMNETT SOURCE_DIR [WORK_DIR]

samnett writes three reports: the demo (English, and once --lang nb), a
generated region of a few thousand actors (samnett synth) and a small
hostile region written here, whose actor, organisation and unit names are
markup, quotes, a very long name, an empty-ish one and emoji. Each is opened
from file:// in headless Chromium with every network request blocked, and
the page is driven through its test hooks (window.samnett, see the page
contract): it loads nothing from the network, logs no errors, gets ready,
draws the JSON report's nodes and ties, follows the window slider, the
organisation filter, the level and a click on a finding card, and shows the
hostile names as text without running them. Under --privacy shared the page
shows the privacy banner and "<3" for a count hidden by the small-cell rule.
Expected figures come from the JSON report (--format json) of the same run,
never from the page's own data.

Screenshots go to WORK_DIR/screenshots/ (the whole demo page, its map and
each chart; the region's map). The time to the first drawing and to a redraw
after a zoom on the region are printed, not checked.

Exit 0 when every check passed, 1 when one failed, 77 (skipped) when
Chromium, chromedriver or Python's selenium is not installed.
"""
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77

failures = []


def ok(msg):
    print("ok   %s" % msg, flush=True)


def fail(msg):
    failures.append(msg)
    print("FAIL %s" % msg, flush=True)


def check(cond, msg, detail=""):
    if cond:
        ok(msg)
    else:
        fail(msg + (": " + detail if detail else ""))
    return cond


def find_browser():
    """Chromium, chromedriver and selenium, or exit 77 naming what is missing."""
    missing = []
    chromium = None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        chromium = shutil.which(name)
        if chromium:
            break
    if not chromium:
        missing.append("chromium")
    driver = shutil.which("chromedriver") or (
        "/usr/lib/chromium/chromedriver" if os.access("/usr/lib/chromium/chromedriver", os.X_OK) else None)
    if not driver:
        missing.append("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python3-selenium")
    if missing:
        print("SKIP: the browser tests need %s (Debian: apt-get install chromium "
              "chromium-driver python3-selenium)" % ", ".join(missing))
        sys.exit(SKIP)
    return chromium, driver


def run(samnett, args, timeout=120):
    t0 = time.monotonic()
    p = subprocess.run([samnett] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("samnett %s failed (%d): %s" % (" ".join(args), p.returncode,
                                                          p.stderr.decode(errors="replace")[-2000:]))
    return time.monotonic() - t0


# --- the hostile region ------------------------------------------------------

HOSTILE = [
    "</script><script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "\"quoted\" & 'apostrophe'",
    "L" + "ång" * 99,             # 300 characters
    "Tromsø 🏥 Ærlig Åse ❤️",
]
EMPTYISH = " "


def write_hostile(folder):
    """Actors whose names, organisations and units are the strings above, and a
    year of contacts among them so that there are ties (and lenses run)."""
    os.makedirs(folder, exist_ok=True)
    actors = []
    for i, s in enumerate(HOSTILE):
        for j in range(3):
            actors.append({"id": "h%d-%d" % (i, j), "name": s if j == 0 else "%s %d" % (s, j),
                           "type": ["municipality", "hospital_unit", "gp"][j],
                           "organisation": s, "unit": s if j < 2 else "Unit %d" % i})
    actors.append({"id": "blank", "name": EMPTYISH, "type": "gp",
                   "organisation": "Plain org", "unit": "Plain unit"})
    actors.append({"id": "plain", "name": "Plain Person", "type": "municipality",
                   "organisation": "Plain org", "unit": "Plain unit"})
    with open(os.path.join(folder, "actors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["id", "name", "type", "organisation", "unit"])
        w.writeheader()
        for a in actors:
            w.writerow(a)
    ids = [a["id"] for a in actors]
    channels = ["e-message", "phone", "meeting", "referral"]
    rows = []
    k = 0
    for day in range(0, 360, 2):
        for m in range(4):
            a = ids[(day * 7 + m * 3 + k) % len(ids)]
            b = ids[(day * 5 + m * 11 + 1 + k) % len(ids)]
            k += 1
            if a == b:
                continue
            t = time.gmtime(1704067200 + day * 86400 + (8 + m) * 3600)
            rows.append([time.strftime("%Y-%m-%dT%H:%M:%SZ", t), a, b, channels[(day + m) % 4], "", "", 1])
    with open(os.path.join(folder, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to", "channel", "case", "meeting", "weight"])
        w.writerows(rows)
    return actors


# --- the browser -------------------------------------------------------------

# Run in the page before its own scripts: keep errors, and note when
# window.samnett.ready first turns true (polled every 5 ms).
PRELUDE = r"""
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push(String(e.message || e.type) + ' @' + (e.filename || '') + ':' + (e.lineno || ''));
}, true);
window.addEventListener('unhandledrejection', function (e) {
  window.__errors.push('unhandled rejection: ' + String(e.reason));
});
(function () {
  var iv = setInterval(function () {
    if (window.samnett && window.samnett.ready) {
      window.__readyAt = performance.now();
      clearInterval(iv);
    }
  }, 5);
})();
"""


class Browser:
    def __init__(self, chromium, chromedriver):
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        opts = Options()
        opts.binary_location = chromium
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                  "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                  "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-default-apps", "--disable-sync", "--hide-scrollbars"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(chromedriver), options=opts)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)
        self.cdp("Network.enable", {})
        self.cdp("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*",
                                                      "http:*", "https:*", "ws:*", "wss:*", "ftp:*"]})
        self.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": PRELUDE})

    def cdp(self, cmd, args):
        return self.driver.execute_cdp_cmd(cmd, args)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, script, *args):
        return self.driver.execute_async_script(script, *args)

    def logs(self, kind):
        try:
            return self.driver.get_log(kind)
        except Exception:  # a driver without that log
            return []

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass


def state(br):
    return br.js("return window.samnett && window.samnett.state ? window.samnett.state() : null;")


def open_page(br, path, name, ready_timeout=20.0):
    """Load the page, wait for samnett.ready and check how it loaded.
    Returns the state, or None when the page did not get ready."""
    br.logs("browser")
    br.logs("performance")
    url = "file://" + os.path.abspath(path)
    t0 = time.monotonic()
    br.driver.get(url)
    ready = False
    while time.monotonic() - t0 < ready_timeout:
        try:
            if br.js("return !!(window.samnett && window.samnett.ready === true);"):
                ready = True
                break
        except Exception:
            pass
        time.sleep(0.05)
    check(ready, "%s: window.samnett.ready within %.0f s" % (name, ready_timeout),
          "not ready after %.1f s" % (time.monotonic() - t0))
    # Where everything came from.
    loc = br.js("return location.href;")
    check(loc.startswith("file://"), "%s: loaded from file://" % name, loc)
    res = br.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; });") or []
    remote = [r for r in res if not r.startswith(("file:", "data:", "blob:", "about:"))]
    check(not remote, "%s: no resource from the network (%d resource entries)" % (name, len(res)),
          ", ".join(remote[:5]))
    asked = []
    for entry in br.logs("performance"):
        try:
            msg = json.loads(entry["message"])["message"]
        except (KeyError, ValueError):
            continue
        if msg.get("method") == "Network.requestWillBeSent":
            u = msg["params"]["request"]["url"]
            if not u.startswith(("file:", "data:", "blob:", "about:")):
                asked.append(u)
    check(not asked, "%s: no network request attempted" % name, ", ".join(asked[:5]))
    console_errors(br, name)
    if not ready:
        return None
    st = state(br)
    check(isinstance(st, dict) and st.get("errors") == [], "%s: samnett.state().errors empty" % name,
          json.dumps(st.get("errors") if isinstance(st, dict) else st)[:500])
    return st


def console_errors(br, name):
    severe = [e.get("message", "") for e in br.logs("browser") if e.get("level") == "SEVERE"]
    thrown = br.js("return window.__errors || [];") or []
    check(not severe and not thrown, "%s: no console errors" % name,
          "; ".join((severe + thrown)[:5])[:1500])


def set_select(br, sel, value):
    return br.js("""
        var el = document.querySelector(arguments[0]);
        if (!el) return 'no ' + arguments[0];
        var found = false;
        for (var i = 0; i < el.options.length; i++) if (el.options[i].value === arguments[1]) found = true;
        if (!found) return 'no option ' + arguments[1] + ' in ' + arguments[0] + ': ' +
            Array.prototype.map.call(el.options, function (o) { return o.value; }).join(',');
        el.value = arguments[1];
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
        return null;""", sel, value)


def set_slider(br, value):
    return br.js("""
        var el = document.getElementById('window-slider');
        if (!el) return null;
        el.value = String(arguments[0]);
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
        return {value: el.value, min: el.min, max: el.max};""", value)


def settle(br):
    """Let the page finish a frame (drawing is often put in requestAnimationFrame)."""
    br.js_async("var done = arguments[arguments.length - 1];"
                "requestAnimationFrame(function () { requestAnimationFrame(function () { done(1); }); });")


def filter_labels(br, list_id):
    """The labels of a filter list: the trimmed texts of each label's text
    nodes (a name may sit beside a count or a swatch), and its checkbox."""
    return br.js("""
        return Array.prototype.map.call(document.querySelectorAll('#' + arguments[0] + ' label'), function (l) {
          var w = document.createTreeWalker(l, NodeFilter.SHOW_TEXT), texts = [], n;
          while ((n = w.nextNode())) if (n.nodeValue.trim()) texts.push(n.nodeValue.trim());
          return [texts, l.querySelector('input[type=checkbox]')];
        });""", list_id) or []


def click_checkbox(br, box):
    return br.js("var b = arguments[0]; b.click(); return b.checked;", box)


# The map's ink: which pixels of the canvas differ from its corner pixel.
MAP_INK = r"""
var c = document.getElementById('map');
if (!c || !c.getContext) return null;
var g = c.getContext('2d');
if (!g) return null;
var w = c.width, h = c.height, d = g.getImageData(0, 0, w, h).data;
var bg = [d[0], d[1], d[2], d[3]], step = 2, ink = [];
for (var y = 0; y < h; y += step) for (var x = 0; x < w; x += step) {
  var i = (y * w + x) * 4;
  if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) + Math.abs(d[i + 3] - bg[3]) > 24)
    ink.push(y * w + x);
}
return ink;
"""


def overlap(a, b):
    a, b = set(a), set(b)
    if not a and not b:
        return 1.0
    return len(a & b) / float(len(a | b))


def flat_findings(report):
    out = []
    for lens in report.get("lenses", []):
        for f in lens.get("findings") or []:
            out.append((lens.get("name"), lens, f))
    return out


def click_card(br, index):
    card = br.js("return document.querySelector('#findings .finding[data-index=\"' + arguments[0] + '\"]');", index)
    if card is None:
        return False
    try:
        br.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", card)
        card.click()
    except Exception:
        br.js("arguments[0].click();", card)
    settle(br)
    return True


def screenshot_page(br, path):
    """The whole page, beyond the window (CDP)."""
    m = br.cdp("Page.getLayoutMetrics", {})
    size = m.get("cssContentSize") or m.get("contentSize")
    shot = br.cdp("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                             "clip": {"x": 0, "y": 0, "width": size["width"],
                                                      "height": size["height"], "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def screenshot_element(br, css, path):
    """One element, clipped from the page by CDP (no scrolling: on a long page
    chromedriver's element screenshot can time out)."""
    r = br.js("""var e = document.querySelector(arguments[0]); if (!e) return null;
        var r = e.getBoundingClientRect();
        return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];""", css)
    if not r or r[2] < 1 or r[3] < 1:
        return False
    shot = br.cdp("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                             "clip": {"x": r[0], "y": r[1], "width": r[2],
                                                      "height": r[3], "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return True


def shoot(br, css, path):
    try:
        return screenshot_element(br, css, path)
    except Exception as e:
        print("info screenshot of %s: %s" % (css, str(e).splitlines()[0] if str(e) else type(e).__name__))
        return False


# --- the checks --------------------------------------------------------------

def check_demo(br, samnett, work, shots):
    html = os.path.join(work, "demo.html")
    js = os.path.join(work, "demo.json")
    run(samnett, ["analyze", "--demo", "--window", "quarter", "--lens", "all", "--format", "html", "-o", html])
    run(samnett, ["analyze", "--demo", "--window", "quarter", "--lens", "all", "--format", "json", "-o", js])
    report = json.load(open(js, encoding="utf-8"))
    actors = report["actors"]
    n_nodes, n_ties = report["network"]["nodes"], report["network"]["ties"]
    windows = report["temporal"]["windows"]

    st = open_page(br, html, "demo")
    if st is None:
        return
    check(st.get("level") == "actor" and st.get("window") is None,
          "demo: starts at actor level with no window", json.dumps(st)[:300])
    check(st.get("drawnNodes") == n_nodes, "demo: drawnNodes %s = the JSON's network.nodes %d"
          % (st.get("drawnNodes"), n_nodes))
    check(st.get("drawnTies") == n_ties, "demo: drawnTies %s = the JSON's network.ties %d"
          % (st.get("drawnTies"), n_ties))
    check(br.js("return document.documentElement.lang;") == "en", "demo: <html lang=en>")
    en_title = report["lenses"][0]["title"]["en"] if report.get("lenses") else None
    if en_title:
        check(en_title in br.js("return document.body.textContent;"),
              "demo: the first lens's English title %r appears" % en_title)

    # Screenshots: the whole page, the map, each chart.
    os.makedirs(shots, exist_ok=True)
    p = os.path.join(shots, "demo-page.png")
    try:
        screenshot_page(br, p)
        print("screenshot %s" % p)
    except Exception as e:
        fail("demo: a screenshot of the whole page: %s" % str(e).splitlines()[0])
    p = os.path.join(shots, "demo-map.png")
    if check(shoot(br, "#map", p), "demo: #map exists and has a screenshot"):
        print("screenshot %s" % p)
    charts = br.js("return Array.prototype.map.call(document.querySelectorAll('#charts .chart'),"
                   " function (c) { return c.getAttribute('data-chart'); });") or []
    want = ["daily", "persistence", "ei", "matrix", "brokerage", "cases"]
    check(all(c in charts for c in want), "demo: a chart each of %s" % ", ".join(want),
          "found %s" % charts)
    for c in charts:
        p = os.path.join(shots, "demo-chart-%s.png" % c)
        if check(shoot(br, '#charts .chart[data-chart="%s"]' % c, p), "demo: a screenshot of chart %s" % c):
            print("screenshot %s" % p)
    for c in charts:
        svg = br.js("var c = document.querySelector('#charts .chart[data-chart=\"' + arguments[0] + '\"]');"
                    "return c ? c.querySelectorAll('svg *, canvas').length : 0;", c)
        check(svg > 0, "demo: chart %s draws something (%d svg elements)" % (c, svg))

    # The window slider: the ties of a window, and nodes that stay put.
    has_slider = br.js("return !!document.getElementById('window-slider');")
    check(has_slider, "demo: #window-slider (the report has %d windows)" % len(windows))
    if has_slider and windows:
        # The map's nodes alone: untick every channel (no ties drawn).
        boxes = br.js("return document.querySelectorAll('#filter-channel input[type=checkbox]');") or []
        check(len(boxes) > 0, "demo: #filter-channel has checkboxes (%d)" % len(boxes))
        for b in boxes:
            click_checkbox(br, b)
        settle(br)
        st0 = state(br)
        check(st0["drawnTies"] == 0 and st0["drawnNodes"] == n_nodes,
              "demo: every channel unticked: 0 ties, %d nodes" % n_nodes,
              "drawnTies %s, drawnNodes %s" % (st0["drawnTies"], st0["drawnNodes"]))
        ink0 = br.js(MAP_INK)
        rng = br.js("var s = document.getElementById('window-slider'); return [s.min, s.max, s.value];")
        lo, hi = int(float(rng[0] or 0)), int(float(rng[1] or 0))
        tried = set()
        for target in (lo + (hi - lo) // 2, hi):
            set_slider(br, target)
            settle(br)
            st1 = state(br)
            k = st1.get("window")
            if k is None or k in tried:
                fail("demo: slider at %d (of %d..%d) chooses a new window: state().window = %r" % (target, lo, hi, k))
                continue
            tried.add(k)
            label = br.js("var l = document.getElementById('window-label'); return l ? l.textContent : '';")
            check(windows[k]["label"] in (label or ""), "demo: #window-label %r names window %d %s"
                  % (label, k, windows[k]["label"]))
            check(st1["drawnNodes"] == n_nodes and st1["drawnTies"] == 0,
                  "demo: window %s with no channel ticked: still %d nodes, 0 ties" % (windows[k]["label"], n_nodes),
                  "drawnNodes %s, drawnTies %s" % (st1["drawnNodes"], st1["drawnTies"]))
            ink1 = br.js(MAP_INK)
            if ink0 is None or ink1 is None:
                fail("demo: the map canvas cannot be read (getImageData)")
            else:
                o = overlap(ink0, ink1)
                check(o >= 0.9, "demo: window %s: the nodes stay where they were (map ink overlap %.3f >= 0.9)"
                      % (windows[k]["label"], o))
            for b in boxes:
                click_checkbox(br, b)
            settle(br)
            st2 = state(br)
            check(st2["drawnTies"] == windows[k]["ties"],
                  "demo: window %s: drawnTies %s = the JSON's temporal.windows[%d].ties %d"
                  % (windows[k]["label"], st2["drawnTies"], k, windows[k]["ties"]))
            check(st2["drawnNodes"] == n_nodes, "demo: window %s: drawnNodes %s = %d (a window hides no node)"
                  % (windows[k]["label"], st2["drawnNodes"], n_nodes))
            for b in boxes:
                click_checkbox(br, b)
            settle(br)
        console_errors(br, "demo after the window slider")

    # The organisation filter: one organisation off hides its actors.
    if open_page(br, html, "demo (reloaded)") is None:
        return
    by_org = {}
    for a in actors:
        by_org.setdefault(a.get("organisation") or "", []).append(a["id"])
    labels = filter_labels(br, "filter-org")
    names = [l[0] for l in labels]
    # A middling organisation: not the biggest, more than one actor.
    orgs = sorted((len(v), k) for k, v in by_org.items() if k and len(v) > 1)
    org = orgs[len(orgs) // 2][1] if orgs else None
    box = next((l[1] for l in labels if org in l[0]), None)
    if check(box is not None, "demo: #filter-org has a checkbox labelled %r (%d labels)" % (org, len(labels)),
             "labels: %s" % names[:10]):
        check(click_checkbox(br, box) is False, "demo: the %r checkbox unticks" % org)
        settle(br)
        st = state(br)
        want = n_nodes - len(by_org[org])
        check(st["drawnNodes"] == want, "demo: %r unticked: drawnNodes %s = %d - its %d actors"
              % (org, st["drawnNodes"], n_nodes, len(by_org[org])))
        check(st["drawnTies"] < n_ties, "demo: %r unticked: fewer ties (%s < %d)" % (org, st["drawnTies"], n_ties))
        click_checkbox(br, box)
        settle(br)
        st = state(br)
        check(st["drawnNodes"] == n_nodes and st["drawnTies"] == n_ties,
              "demo: %r ticked again: all nodes and ties back" % org,
              "drawnNodes %s, drawnTies %s" % (st["drawnNodes"], st["drawnTies"]))

    # Finding cards: an actor-level finding, an organisation-level one.
    flat = flat_findings(report)
    # A lens with many findings may show the first few cards and a button
    # (.show-all) for the rest: open them all.
    br.js("document.querySelectorAll('#findings .show-all').forEach(function (b) { b.click(); });")
    settle(br)
    n_cards = br.js("return document.querySelectorAll('#findings .finding').length;")
    check(n_cards == len(flat), "demo: %s finding cards = the JSON's %d findings" % (n_cards, len(flat)))
    ids = set(a["id"] for a in actors)
    actor_i = next((i for i, (ln, _, f) in enumerate(flat)
                    if f.get("level") == "actor" and f.get("scope") in ids
                    and ln in ("coordinator", "ildsjel")), None)
    if actor_i is None:
        actor_i = next((i for i, (_, _, f) in enumerate(flat)
                        if f.get("level") == "actor" and f.get("scope") in ids), None)
    if check(actor_i is not None, "demo: the JSON report has an actor-level finding"):
        ln, _, f = flat[actor_i]
        if check(click_card(br, actor_i), "demo: a card for finding %d (%s %s %s)"
                 % (actor_i, ln, f["label"], f["scope"])):
            st = state(br)
            check(st.get("highlighted") == [f["scope"]], "demo: clicking the %s %s card highlights %s"
                  % (ln, f["label"], f["scope"]), "highlighted %s" % st.get("highlighted"))
            click_card(br, actor_i)
            st = state(br)
            check(st.get("highlighted") == [], "demo: clicking it again clears the highlight",
                  "highlighted %s" % st.get("highlighted")[:10])
    org_i = next((i for i, (ln, _, f) in enumerate(flat)
                  if f.get("level") == "group" and f.get("scope") in by_org and ln == "silo"), None)
    if org_i is None:
        org_i = next((i for i, (_, _, f) in enumerate(flat)
                      if f.get("level") == "group" and f.get("scope") in by_org), None)
    if check(org_i is not None, "demo: the JSON report has an organisation-level finding"):
        ln, _, f = flat[org_i]
        if check(click_card(br, org_i), "demo: a card for finding %d (%s %s %s)"
                 % (org_i, ln, f["label"], f["scope"])):
            st = state(br)
            got = st.get("highlighted") or []
            want = by_org[f["scope"]]
            check(sorted(got) == sorted(want), "demo: clicking the %s %s %s card highlights its %d actors"
                  % (ln, f["label"], f["scope"], len(want)),
                  "highlighted %d: %s" % (len(got), sorted(set(got) ^ set(want))[:10]))
            click_card(br, org_i)

    # The levels: the JSON report at that level (--level) counts its nodes
    # (the actors of an organisation without a unit make one "(no unit)"
    # node at unit level) and its directed ties between different groups
    # (its ties[]); the page groups the actors by the engine's group names
    # (map.groups) and counts the directed pairs of drawn groups joined by a
    # drawn tie (both directions of a pair are drawn as one line).
    for level in ("organisation", "unit", "actor"):
        if level == "actor":
            want_nodes, want_ties = n_nodes, n_ties
        else:
            jl = os.path.join(work, "demo-%s.json" % level)
            run(samnett, ["analyze", "--demo", "--level", level, "--format", "json", "-o", jl])
            rl = json.load(open(jl, encoding="utf-8"))
            want_nodes, want_ties = rl["network"]["nodes"], rl["network"]["ties"]
        err = set_select(br, "#level", level)
        if err:
            fail("demo: #level: %s" % err)
            continue
        settle(br)
        st = state(br)
        check(st.get("level") == level and st.get("drawnNodes") == want_nodes,
              "demo: #level %s: drawnNodes %s = the %s-level JSON's network.nodes %d"
              % (level, st.get("drawnNodes"), level, want_nodes),
              "state %s" % json.dumps({k: st.get(k) for k in ("level", "drawnNodes", "drawnTies")}))
        if level == "actor":
            check(st.get("drawnTies") == want_ties, "demo: #level actor: drawnTies %s = the JSON's network.ties %d"
                  % (st.get("drawnTies"), want_ties))
        else:
            check(st.get("drawnTies") == want_ties,
                  "demo: #level %s: drawnTies %s = the %s-level JSON's %d directed ties"
                  % (level, st.get("drawnTies"), level, want_ties))
        if level == "organisation":
            org_names = set(a.get("organisation") for a in actors if a.get("organisation"))
            check(st.get("drawnNodes") == len(org_names),
                  "demo: #level organisation: drawnNodes %s = the %d distinct organisations of the JSON's actors"
                  % (st.get("drawnNodes"), len(org_names)))
    check(state(br).get("drawnTies") == n_ties, "demo: back at actor level: drawnTies %d" % n_ties)
    console_errors(br, "demo after the filters, cards and levels")

    # Bokmål.
    html_nb = os.path.join(work, "demo-nb.html")
    run(samnett, ["analyze", "--demo", "--window", "quarter", "--lens", "all", "--lang", "nb",
                  "--format", "html", "-o", html_nb])
    if open_page(br, html_nb, "demo --lang nb") is not None:
        check(br.js("return document.documentElement.lang;") == "nb", "demo --lang nb: <html lang=nb>")
        text = br.js("return document.body.textContent;")
        nb_title = report["lenses"][0]["title"]["nb"] if report.get("lenses") else None
        if nb_title:
            check(nb_title in text, "demo --lang nb: the first lens's bokmål title %r appears" % nb_title)
        levels = br.js("var s = document.getElementById('level'); return s ? s.textContent : '';") or ""
        check("organisasjon" in levels.lower(), "demo --lang nb: #level offers 'organisasjon'", repr(levels))


def check_region(br, samnett, work, shots):
    data = os.path.join(work, "region")
    html = os.path.join(work, "region.html")
    js = os.path.join(work, "region.json")
    t = run(samnett, ["synth", "--scale", "region", "--seed", "7", "--municipalities", "60",
                      "--volume", "0.1", "--output", data])
    t += run(samnett, ["analyze", data, "--window", "quarter", "--lens", "all", "--format", "html", "-o", html])
    print("info region: synth + analyze --format html took %.1f s (%.1f MB)"
          % (t, os.path.getsize(html) / 1e6))
    run(samnett, ["analyze", data, "--window", "quarter", "--format", "json", "-o", js])
    report = json.load(open(js, encoding="utf-8"))
    n_nodes, n_ties = report["network"]["nodes"], report["network"]["ties"]
    print("info region: %d actors, %d ties, %d contacts" % (n_nodes, n_ties, report["network"]["contacts"]))
    st = open_page(br, html, "region", ready_timeout=30.0)
    if st is None:
        return
    check(st.get("drawnNodes") == n_nodes, "region: drawnNodes %s = %d" % (st.get("drawnNodes"), n_nodes))
    check(st.get("drawnTies") == n_ties, "region: drawnTies %s = %d" % (st.get("drawnTies"), n_ties))
    nav = br.js("var n = performance.getEntriesByType('navigation')[0];"
                "return [n ? n.domContentLoadedEventEnd : null, window.__readyAt || null];")
    print("info region: DOMContentLoaded at %s ms, first drawing done (samnett.ready) at %s ms"
          % (round(nav[0]) if nav[0] else "?", round(nav[1]) if nav[1] else "?"))
    os.makedirs(shots, exist_ok=True)
    p = os.path.join(shots, "region-map.png")
    if check(shoot(br, "#map", p), "region: a screenshot of #map"):
        print("screenshot %s" % p)
    zoom = br.js_async(r"""
        var done = arguments[arguments.length - 1];
        var c = document.getElementById('map'), r = c.getBoundingClientRect();
        var t0 = performance.now();
        c.dispatchEvent(new WheelEvent('wheel', {deltaY: -500, deltaMode: 0, bubbles: true, cancelable: true,
            clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
        var t1 = performance.now();
        requestAnimationFrame(function () {
          var t2 = performance.now();
          requestAnimationFrame(function () { done([t1 - t0, t2 - t0, performance.now() - t0]); });
        });""")
    print("info region: zoom: handler %.1f ms, next frame %.1f ms, the frame after %.1f ms" % tuple(zoom))
    st = state(br)
    check(st.get("drawnNodes") == n_nodes, "region: a zoom keeps drawnNodes %s" % st.get("drawnNodes"))
    console_errors(br, "region after a zoom")


def check_hostile(br, samnett, work):
    data = os.path.join(work, "hostile")
    actors = write_hostile(data)
    html = os.path.join(work, "hostile.html")
    js = os.path.join(work, "hostile.json")
    run(samnett, ["analyze", data, "--window", "quarter", "--lens", "all", "--format", "html", "-o", html])
    run(samnett, ["analyze", data, "--window", "quarter", "--lens", "all", "--format", "json", "-o", js])
    report = json.load(open(js, encoding="utf-8"))
    check(report["network"]["ties"] > 10, "hostile: the fixture has ties (%d)" % report["network"]["ties"])
    st = open_page(br, html, "hostile")
    pwned = br.js("return typeof window.__pwned;")
    check(pwned == "undefined", "hostile: window.__pwned is undefined", "typeof %s" % pwned)
    imgs = br.js("return document.getElementsByTagName('img').length;")
    check(imgs == 0, "hostile: no <img> element in the document", "%d" % imgs)
    scripts = br.js("""return Array.prototype.filter.call(document.scripts, function (s) {
        return s.id !== 'samnett-data' && s.textContent.indexOf('__pwned') >= 0; }).length;""")
    check(scripts == 0, "hostile: no script element but the data holds a name", "%d" % scripts)
    if st is None:
        return
    check(st.get("drawnNodes") == report["network"]["nodes"],
          "hostile: drawnNodes %s = %d" % (st.get("drawnNodes"), report["network"]["nodes"]))
    labels = [l[0] for l in filter_labels(br, "filter-org")]
    for s in HOSTILE:
        check(any(s.strip() in l for l in labels), "hostile: #filter-org shows the organisation %r as text" % s[:50],
              "labels %s" % [[t[:50] for t in l] for l in labels])
    # Every name through the search box: it finds the actor named so.
    from selenium.webdriver.common.keys import Keys
    box = br.js("return document.getElementById('search');")
    if check(box is not None, "hostile: #search exists"):
        for a in actors:
            if a["name"] == EMPTYISH:
                continue
            if a["name"] not in HOSTILE:
                continue
            br.js("arguments[0].value = '';", box)
            box.send_keys(a["name"])
            box.send_keys(Keys.ENTER)
            settle(br)
            hl = state(br).get("highlighted") or []
            check(a["id"] in hl, "hostile: #search for the name %r highlights %s" % (a["name"][:40], a["id"]),
                  "highlighted %s" % hl)
    # The tooltip: hover over the map and collect what it says.
    seen = br.js_async(r"""
        var done = arguments[arguments.length - 1];
        var c = document.getElementById('map'), tip = document.getElementById('tooltip');
        if (!c || !tip) { done(null); return; }
        var r = c.getBoundingClientRect(), seen = {}, pts = [], n = 36;
        for (var i = 1; i < n; i++) for (var j = 1; j < n; j++)
          pts.push([r.left + r.width * i / n, r.top + r.height * j / n]);
        var k = 0;
        function step() {
          for (var m = 0; m < 40 && k < pts.length; m++, k++) {
            c.dispatchEvent(new MouseEvent('mousemove', {clientX: pts[k][0], clientY: pts[k][1], bubbles: true}));
            if (tip.textContent) seen[tip.textContent] = 1;
          }
          if (k < pts.length) requestAnimationFrame(function () {
            if (tip.textContent) seen[tip.textContent] = 1;
            step();
          });
          else done(Object.keys(seen));
        }
        step();""")
    if seen is None:
        fail("hostile: #map and #tooltip exist")
    else:
        text = "\n".join(seen)
        found = [s for s in HOSTILE if s in text]
        check(found, "hostile: hovering the map shows hostile names as text in #tooltip (%d of %d found, %d tips)"
              % (len(found), len(HOSTILE), len(seen)))
    check(br.js("return typeof window.__pwned;") == "undefined" and
          br.js("return document.getElementsByTagName('img').length;") == 0,
          "hostile: still no __pwned and no <img> after the search and hovering")
    console_errors(br, "hostile after the search and hovering")


def check_edges(br, samnett, work):
    """Pages at the edges: no contact in view, the organisation and unit levels,
    one window, no lens. Each must get ready without an error, and draw the
    JSON report's nodes and ties."""
    hostile = os.path.join(work, "hostile-data")
    if not os.path.isdir(hostile):
        write_hostile(hostile)
    cases = [
        ("empty view", ["--demo", "--since", "2100-01-01"]),
        ("organisation level", ["--demo", "--level", "organisation", "--window", "year"]),
        ("unit level", ["--demo", "--level", "unit", "--lang", "nb"]),
        ("one window", ["--demo", "--window", "3650d"]),
        ("hostile, organisation level", [hostile, "--level", "organisation", "--lens", "all"]),
    ]
    for i, (name, args) in enumerate(cases):
        page, js = os.path.join(work, "edge-%d.html" % i), os.path.join(work, "edge-%d.json" % i)
        run(samnett, ["analyze"] + args + ["--format", "html", "-o", page])
        run(samnett, ["analyze"] + args + ["--format", "json", "-o", js])
        rep = json.load(open(js, encoding="utf-8"))
        st = open_page(br, page, name)
        if st is None:
            continue
        got = (st.get("drawnNodes"), st.get("drawnTies"))
        want = (rep["network"]["nodes"], rep["network"]["ties"])
        check(got == want, "%s: draws %s nodes and %s ties = the JSON report's" % (name, got[0], got[1]),
              "the JSON report: %s" % (want,))
        if "--window" in args:
            n = len(rep.get("temporal", {}).get("windows", []))
            set_slider(br, 1)
            settle(br)
            st = state(br)
            check(st.get("window") == 0 and st.get("drawnTies") == rep["temporal"]["windows"][0]["ties"],
                  "%s: the first of %d windows draws its %d ties" % (name, n, rep["temporal"]["windows"][0]["ties"]),
                  json.dumps(st)[:300])
        console_errors(br, name)


def check_privacy(br, samnett, work):
    """Under --privacy shared: the privacy banner at the top in the report's
    language, a count hidden by the small-cell rule read as "<3" (a case
    histogram bin that the JSON report's cases put below 3 is hidden), the
    map draws only the ties of 3 or more contacts; and no banner without it."""
    for lang, word in (("en", "Shared report"), ("nb", "Delt rapport")):
        page = os.path.join(work, "privacy-%s.html" % lang)
        js = os.path.join(work, "privacy-%s.json" % lang)
        args = ["analyze", "--demo", "--privacy", "shared", "--lang", lang]
        run(samnett, args + ["--format", "html", "-o", page])
        run(samnett, args + ["--format", "json", "-o", js])
        rep = json.load(open(js, encoding="utf-8"))
        st = open_page(br, page, "privacy " + lang)
        if st is None:
            continue
        banner = br.js("var b = document.getElementById('privacy-banner');"
                       "return b && !b.hidden && b.offsetHeight > 0 ? b.textContent : null;")
        check(banner is not None and word in banner and "<3" in banner.replace("\u00ab", "").replace("\u00bb", ""),
              "privacy %s: the banner shows at the top (%r)" % (lang, (banner or "")[:80]))
        re_ = rep["privacy"]["reidentification"]
        figures = "%d" % re_["unique"], "%d" % re_["actors"]
        check(banner is not None and all(f in banner.replace("\u00a0", "").replace(" ", "")
                                         for f in figures),
              "privacy %s: the banner gives the re-identification check (%s of %s unique)"
              % (lang, figures[0], figures[1]), (banner or "")[-160:])
        top = br.js("var b = document.getElementById('privacy-banner'); return b ? b.getBoundingClientRect().top : null;")
        check(top is not None and top < 5, "privacy %s: the banner is the page's first line" % lang, "top %s" % top)
        cells = br.js("return Array.prototype.map.call(document.querySelectorAll('.chart-suppressed'),"
                      " function (e) { return e.textContent; });") or []
        check(cells and all(c == "<3" for c in cells),
              "privacy %s: %d hidden chart cells read <3" % (lang, len(cells)), "%s" % cells[:5])
        kept = sum(1 for t in rep["ties"])
        check(st.get("drawnTies") == kept and all(t["contacts"] >= 3 for t in rep["ties"]),
              "privacy %s: the map draws the %d ties of 3 or more contacts" % (lang, kept),
              "drew %s" % st.get("drawnTies"))
        console_errors(br, "privacy " + lang)
    page = os.path.join(work, "privacy-none.html")
    run(samnett, ["analyze", "--demo", "--format", "html", "-o", page])
    if open_page(br, page, "privacy none") is not None:
        check(br.js("var b = document.getElementById('privacy-banner'); return !!(b && b.hidden);"),
              "privacy none: no banner without the privacy profile")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    samnett = os.path.abspath(sys.argv[1])
    chromium, chromedriver = find_browser()
    if len(sys.argv) > 3:
        work = os.path.abspath(sys.argv[3])
        os.makedirs(work, exist_ok=True)
        cleanup = None
    else:
        cleanup = work = tempfile.mkdtemp(prefix="samnett-html-")
    shots = os.path.join(work, "screenshots")
    t0 = time.monotonic()
    br = None
    try:
        br = Browser(chromium, chromedriver)
        for name, f in (("demo", lambda: check_demo(br, samnett, work, shots)),
                        ("hostile", lambda: check_hostile(br, samnett, work)),
                        ("edges", lambda: check_edges(br, samnett, work)),
                        ("privacy", lambda: check_privacy(br, samnett, work)),
                        ("region", lambda: check_region(br, samnett, work, shots))):
            try:
                f()
            except Exception as e:  # one part failing must not hide the others
                fail("%s: %s: %s" % (name, type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
    finally:
        if br is not None:
            br.quit()
    print("info %d checks failed; %.1f s" % (len(failures), time.monotonic() - t0))
    if cleanup is not None and not failures:
        shutil.rmtree(cleanup, ignore_errors=True)
    elif cleanup is not None:
        print("info the reports are kept in %s" % work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
