/* samnett report: the charts (D3 v5).
 * window.SamnettCharts.render(container, data, t) draws one
 * <figure class="chart" data-chart="NAME"> per chart into container:
 * daily, persistence, ei, matrix, brokerage, cases. Every string from the
 * data goes in as text. A chart whose data are missing says so in place. */
(function () {
  'use strict';

  var ROLES = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison'];
  var MAX_EI_BARS = 40;
  var MAX_MATRIX = 40;
  var TOP_BROKERS = 15;

  var L = {
    en: {
      daily: 'Contacts per day by channel',
      daily_how_rolling: 'Stacked areas: contacts per day (7-day average) in each channel. Dashed rules mark change points in a channel’s rate (▲ up, ▼ down); hover for details.',
      daily_how_week: 'Stacked areas: contacts per day (weekly average) in each channel. Dashed rules mark change points in a channel’s rate (▲ up, ▼ down); hover for details.',
      daily_how_month: 'Stacked areas: contacts per day (monthly average) in each channel. Dashed rules mark change points in a channel’s rate (▲ up, ▼ down); hover for details.',
      per_day: 'contacts per day',
      total: 'total',
      cp_up: 'rate up', cp_down: 'rate down', change_point: 'change point',
      rate: 'contacts per day',
      no_contacts: 'No contacts in the period.',
      no_cp: 'No change points (run with --window to test for them).',
      persistence: 'Persistence and novelty of ties by time window',
      persistence_how: 'Persistence: overlap (Jaccard) of a window’s ties with the previous window’s. Novelty: share of a window’s ties that were not there before. High persistence and low novelty mean stable collaboration.',
      pers: 'persistence', nov: 'novelty', ties: 'ties', contacts: 'contacts',
      no_windows: 'No time windows: run with --window quarter.',
      one_window: 'Only one time window: persistence and novelty need two or more.',
      ei: 'E-I index by organisation',
      ei_how: 'E-I = (external − internal ties) / all ties of the group: −1 only inward (a silo), +1 only outward. Most closed first; the dashed line is the whole network.',
      ei_net: 'Network E-I {ei} (p {p}, {n} permutations); weighted by contacts {eiw}.',
      ei_net_nop: 'Network E-I {ei}; weighted by contacts {eiw}.',
      partition: 'Groups: {name}.',
      network: 'network',
      inward: '← inward (closed)', outward: 'outward (open) →',
      more_groups: '{n} more (more open) not shown.',
      members: 'members', internal: 'internal ties', external: 'external ties',
      days_hidden: 'days with fewer than {k} not counted',
      no_silo: 'No group partition in the report (silo measures need --partition, organisation by default).',
      not_meaningful: 'Not meaningful',
      one_group: 'Only one organisation: E-I and the matrix need two or more.',
      matrix: 'Contacts between organisations',
      matrix_how: 'Rows send, columns receive; darker = more contacts (log scale). The diagonal is contact within an organisation.',
      matrix_top: 'The {k} organisations with most contacts of {n}.',
      no_matrix: 'No organisation matrix in the report.',
      from: 'from', to: 'to',
      brokerage: 'Brokerage roles of the top brokers',
      brokerage_how: 'Gould–Fernandez roles count the two-step paths a node mediates: coordinator (within its own group), consultant (for another group), representative (from its group out), gatekeeper (into its group), liaison (between two other groups).',
      top_brokers: 'The {k} nodes with most brokerage.',
      role_table: 'Roles in the whole network: observed against expected if ties ignored the groups (z: how many standard deviations apart).',
      role: 'role', observed: 'observed', expected: 'expected', z: 'z',
      no_brokerage: 'No brokerage figures in the report.',
      no_brokers: 'No node brokers between others.',
      coordinator: 'coordinator', itinerant: 'consultant', representative: 'representative',
      gatekeeper: 'gatekeeper', liaison: 'liaison',
      cases: 'Patient pathways (cases)',
      cases_how: 'Histograms: how many cases have each value.',
      pingpong: 'Ping-pong transfers (a case sent back to where it came from within {d} days): {share} of cases ({k} of {n}).',
      no_cases: 'No cases: the data have no case column.',
      providers: 'providers per case', care_density: 'care density',
      pingpongs: 'ping-pong transfers per case', bti: 'BTI level',
      n_cases: 'cases', median: 'median',
      unnamed: '(no name)',
      summary: '10 % of cases below {p10}, 10 % above {p90} (range {min}–{max}).',
      error: 'This chart could not be drawn.'
    },
    nb: {
      daily: 'Kontakter per dag etter kanal',
      daily_how_rolling: 'Stablede flater: kontakter per dag (glidende 7-dagers snitt) i hver kanal. Stiplede linjer viser endringspunkt i en kanals rate (▲ opp, ▼ ned); hold musa over for detaljer.',
      daily_how_week: 'Stablede flater: kontakter per dag (ukesnitt) i hver kanal. Stiplede linjer viser endringspunkt i en kanals rate (▲ opp, ▼ ned); hold musa over for detaljer.',
      daily_how_month: 'Stablede flater: kontakter per dag (månedssnitt) i hver kanal. Stiplede linjer viser endringspunkt i en kanals rate (▲ opp, ▼ ned); hold musa over for detaljer.',
      per_day: 'kontakter per dag',
      total: 'totalt',
      cp_up: 'rate opp', cp_down: 'rate ned', change_point: 'endringspunkt',
      rate: 'kontakter per dag',
      no_contacts: 'Ingen kontakter i perioden.',
      no_cp: 'Ingen endringspunkt (kjør med --window for å teste).',
      persistence: 'Varighet og nyhet i relasjonene per tidsvindu',
      persistence_how: 'Varighet: overlapp (Jaccard) mellom relasjonene i et vindu og i vinduet før. Nyhet: andelen av relasjonene i et vindu som ikke fantes før. Høy varighet og lav nyhet betyr stabilt samarbeid.',
      pers: 'varighet', nov: 'nyhet', ties: 'relasjoner', contacts: 'kontakter',
      no_windows: 'Ingen tidsvinduer: kjør med --window quarter.',
      one_window: 'Bare ett tidsvindu: varighet og nyhet krever to eller flere.',
      ei: 'E-I-indeks per organisasjon',
      ei_how: 'E-I = (eksterne − interne relasjoner) / alle relasjonene til gruppa: −1 bare innover (en silo), +1 bare utover. Mest lukket først; den stiplede linja er hele nettverket.',
      ei_net: 'E-I for nettverket {ei} (p {p}, {n} permutasjoner); vektet med kontakter {eiw}.',
      ei_net_nop: 'E-I for nettverket {ei}; vektet med kontakter {eiw}.',
      partition: 'Grupper: {name}.',
      network: 'nettverket',
      inward: '← innover (lukket)', outward: 'utover (åpen) →',
      more_groups: '{n} til (mer åpne) vises ikke.',
      members: 'medlemmer', internal: 'interne relasjoner', external: 'eksterne relasjoner',
      days_hidden: 'dager med færre enn {k} er ikke talt med',
      no_silo: 'Ingen gruppeinndeling i rapporten (silomålene krever --partition, som standard organisasjon).',
      not_meaningful: 'Ikke meningsfullt',
      one_group: 'Bare én organisasjon: E-I og matrisen krever to eller flere.',
      matrix: 'Kontakter mellom organisasjoner',
      matrix_how: 'Rader sender, kolonner mottar; mørkere = flere kontakter (logaritmisk skala). Diagonalen er kontakt innad i en organisasjon.',
      matrix_top: 'De {k} organisasjonene med flest kontakter av {n}.',
      no_matrix: 'Ingen organisasjonsmatrise i rapporten.',
      from: 'fra', to: 'til',
      brokerage: 'Meglerroller for de viktigste meglerne',
      brokerage_how: 'Gould–Fernandez-rollene teller totrinnsveier en node formidler: koordinator (i egen gruppe), konsulent (for en annen gruppe), representant (fra egen gruppe og ut), portvakt (inn i egen gruppe), liaison (mellom to andre grupper).',
      top_brokers: 'De {k} nodene med mest megling.',
      role_table: 'Roller i hele nettverket: observert mot forventet om relasjonene ikke fulgte gruppene (z: antall standardavvik fra hverandre).',
      role: 'rolle', observed: 'observert', expected: 'forventet', z: 'z',
      no_brokerage: 'Ingen meglertall i rapporten.',
      no_brokers: 'Ingen node formidler mellom andre.',
      coordinator: 'koordinator', itinerant: 'konsulent', representative: 'representant',
      gatekeeper: 'portvakt', liaison: 'liaison',
      cases: 'Pasientforløp',
      cases_how: 'Histogrammer: hvor mange forløp som har hver verdi.',
      pingpong: 'Kasteballer (et forløp sendt tilbake dit det kom fra innen {d} dager): {share} av forløpene ({k} av {n}).',
      no_cases: 'Ingen forløp: dataene har ingen forløpskolonne (case).',
      providers: 'tjenesteytere per forløp', care_density: 'omsorgstetthet',
      pingpongs: 'ping-pong-overføringer per forløp', bti: 'BTI-nivå',
      n_cases: 'forløp', median: 'median',
      unnamed: '(uten navn)',
      summary: '10 % av forløpene under {p10}, 10 % over {p90} (spenn {min}–{max}).',
      error: 'Denne figuren kunne ikke tegnes.'
    }
  };

  var NB_NUM = { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['kr\u00a0', ''], minus: '\u2212' };
  var EN_NUM = { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''], minus: '\u2212' };
  var NB_TIME = {
    dateTime: '%A %e. %B %Y kl. %X', date: '%d.%m.%Y', time: '%H:%M:%S',
    periods: ['', ''],
    days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
    shortDays: ['søn', 'man', 'tir', 'ons', 'tor', 'fre', 'lør'],
    months: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
    shortMonths: ['jan', 'feb', 'mar', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'des']
  };

  var ROLE_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1'];
  var CLOSED = '#d0643a', OPEN = '#7ea9d6';

  var states = new WeakMap();   // per container: its resize listeners, to drop on a new render

  function num(x) { return typeof x === 'number' && isFinite(x); }
  function obj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  function arr(x) { return Array.isArray(x) ? x : []; }
  function str(x) { return x === null || x === undefined ? '' : String(x); }

  function fill(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return vars[k] !== undefined ? vars[k] : m; });
  }

  function clip(s, n) {
    s = str(s);
    return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '\u2026' : s;
  }

  // shorten each text of sel (already clipped by characters) until it fits in w pixels
  function fitText(sel, w) {
    sel.each(function () {
      var el = this;
      var full = el.textContent;
      if (!full || !el.getComputedTextLength || el.getComputedTextLength() <= w) return;
      var lo = 1, hi = full.length;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        el.textContent = clip(full, mid);
        if (el.getComputedTextLength() <= w) lo = mid; else hi = mid - 1;
      }
      el.textContent = clip(full, lo);
    });
  }

  function parseDay(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(s));
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  }

  var DAY = 86400000;

  // ---- context: language, formats, tooltip -------------------------------

  function makeContext(container, data, t) {
    var lang = data && data.lang === 'nb' ? 'nb' : 'en';
    var dict = L[lang];
    var nl = d3.formatLocale(lang === 'nb' ? NB_NUM : EN_NUM);
    var tl = lang === 'nb' ? d3.timeFormatLocale(NB_TIME) : null;
    var utc = function (f) { return tl ? tl.utcFormat(f) : d3.utcFormat(f); };
    var fDay = utc(lang === 'nb' ? '%-d. %b %Y' : '%-d %b %Y');
    var fMonthDay = utc(lang === 'nb' ? '%-d. %b' : '%-d %b');
    var fMonth = utc('%b');
    var fMonthYear = utc('%b %Y');
    var fYear = utc('%Y');
    var ctx = {
      data: data || {},
      report: obj(data && data.report) ? data.report : {},
      lang: lang,
      tr: function (k) {
        if (dict[k] !== undefined) return dict[k];
        if (typeof t === 'function') { var v = t(k); if (v) return v; }
        return k;
      },
      int: nl.format(',d'),
      dec: function (x, d) { return num(x) ? nl.format(',.' + (d === undefined ? 2 : d) + 'f')(x) : '–'; },
      pct: function (x) { return num(x) ? nl.format('.1%')(x).replace('%', lang === 'nb' ? '\u00a0%' : '%') : '–'; },
      smart: function (x) {
        if (!num(x)) return '–';
        if (Math.abs(x) >= 100 || Number.isInteger(x)) return nl.format(',d')(Math.round(x));
        if (Math.abs(x) >= 10) return nl.format(',.1f')(x);
        return nl.format(',.2f')(x);
      },
      day: fDay,
      month: fMonthYear,
      timeTick: function (d) {
        if (d3.utcMonth(d) < d) return fMonthDay(d);
        if (d3.utcYear(d) < d) return fMonth(d);
        return fYear(d);
      },
      tip: null
    };
    /* K of the small-cell rule (report.privacy.min_cell; 0: none): a count it hid is null, shown as <K */
    var pv = obj(ctx.report.privacy) ? ctx.report.privacy : null;
    ctx.k = pv && num(pv.min_cell) && pv.min_cell > 0 ? pv.min_cell : 0;
    ctx.hid = function (x) { return ctx.k && (x === null || x === undefined); };
    ctx.int = (function (f) { return function (x) { return num(x) ? f(Math.round(x)) : ctx.k && x == null ? '<' + ctx.k : '–'; }; })(ctx.int);
    ctx.tip = makeTip(container);
    return ctx;
  }

  function makeTip(container) {
    var doc = container.ownerDocument || document;
    var el = doc.createElement('div');
    el.className = 'chart-tip';
    el.setAttribute('role', 'tooltip');
    el.style.display = 'none';
    container.appendChild(el);
    return {
      show: function (lines) {
        while (el.firstChild) el.removeChild(el.firstChild);
        lines.forEach(function (line, i) {
          var div = doc.createElement('div');
          if (i === 0) div.className = 'chart-tip-head';
          if (Array.isArray(line)) {        // [colour, text]
            var sw = doc.createElement('span');
            sw.className = 'chart-swatch';
            sw.style.background = line[0];
            div.appendChild(sw);
            div.appendChild(doc.createTextNode(line[1]));
          } else {
            div.textContent = str(line);
          }
          el.appendChild(div);
        });
        el.style.display = 'block';
      },
      move: function () {
        var e = d3.event;
        if (!e) return;
        var w = el.offsetWidth, h = el.offsetHeight;
        var vw = doc.documentElement.clientWidth, vh = doc.documentElement.clientHeight;
        var x = e.clientX + 14, y = e.clientY + 14;
        if (x + w > vw - 4) x = Math.max(4, e.clientX - w - 14);
        if (y + h > vh - 4) y = Math.max(4, e.clientY - h - 14);
        el.style.left = x + 'px';
        el.style.top = y + 'px';
      },
      hide: function () { el.style.display = 'none'; }
    };
  }

  // attach the tooltip to a selection: lines(d, i) gives the text lines
  function tipOn(ctx, sel, lines) {
    sel.on('mouseenter', function (d, i) { ctx.tip.show(lines(d, i)); ctx.tip.move(); })
      .on('mousemove', function () { ctx.tip.move(); })
      .on('mouseleave', function () { ctx.tip.hide(); });
  }

  function svgIn(body, width, height, label) {
    var svg = d3.select(body).append('svg')
      .attr('class', 'chart-svg')
      .attr('role', 'img')
      .attr('aria-label', label)
      .attr('width', width)
      .attr('height', height)
      .attr('viewBox', '0 0 ' + width + ' ' + height)
      .attr('preserveAspectRatio', 'xMinYMin meet');
    return svg;
  }

  function legend(parent, items) {
    var lg = d3.select(parent).append('div').attr('class', 'chart-legend');
    var it = lg.selectAll('span.chart-legend-item').data(items).enter()
      .append('span').attr('class', 'chart-legend-item');
    it.append('span').attr('class', function (d) { return 'chart-swatch' + (d.kind ? ' chart-swatch-' + d.kind : ''); })
      .style('background', function (d) { return d.kind ? null : d.colour; })
      .style('border-color', function (d) { return d.kind ? d.colour : null; });
    it.append('span').text(function (d) { return d.label; });
    return lg;
  }

  function empty(msg) { return { empty: msg }; }

  // ---- 1. contacts per day by channel --------------------------------------

  function prepDaily(ctx) {
    var d = ctx.data.daily;
    if (!obj(d) || !obj(d.channels)) return empty(ctx.tr('no_contacts'));
    var start = parseDay(d.start);
    var names = Object.keys(d.channels).filter(function (c) { return Array.isArray(d.channels[c]); });
    var days = num(d.days) ? Math.floor(d.days) : 0;
    names.forEach(function (c) { days = Math.max(days, d.channels[c].length); });
    if (!start || days <= 0 || !names.length) return empty(ctx.tr('no_contacts'));
    var totals = {};
    var grand = 0;
    names.forEach(function (c) {
      var s = 0;
      d.channels[c].forEach(function (v) { if (num(v)) s += v; });
      totals[c] = s; grand += s;
    });
    if (!(grand > 0)) return empty(ctx.tr('no_contacts'));

    // colours follow the store's channel order, so they stay put between reports
    var order = arr(ctx.data.map && ctx.data.map.channels).map(str);
    names.forEach(function (c) { if (order.indexOf(c) < 0) order.push(c); });
    var tcs = arr(ctx.report.temporal && ctx.report.temporal.channels);
    tcs.forEach(function (c) { if (obj(c) && order.indexOf(str(c.channel)) < 0) order.push(str(c.channel)); });
    var colour = d3.scaleOrdinal(d3.schemeTableau10).domain(order);
    var keys = names.filter(function (c) { return totals[c] > 0; })
      .sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); });

    var mode = days > 8 * 365.25 ? 'month' : days > 2 * 365.25 ? 'week' : 'rolling';
    var end = new Date(start.getTime() + days * DAY);
    var at = function (c, i) { var v = d.channels[c][i]; return num(v) ? v : 0; };
    // a day the small-cell rule hid (null) is not counted: the tooltip says so
    var hid = function (c, i) { return ctx.k > 0 && d.channels[c][i] === null; };
    var rows = [];
    var i, k;
    if (mode === 'rolling') {
      for (i = 0; i < days; i++) {
        var lo = Math.max(0, i - 3), hi = Math.min(days - 1, i + 3);
        var row = { t: new Date(start.getTime() + (i + 0.5) * DAY), t0: new Date(start.getTime() + i * DAY), t1: new Date(start.getTime() + (i + 1) * DAY) };
        keys.forEach(function (c) {
          var s = 0;
          for (k = lo; k <= hi; k++) { s += at(c, k); if (hid(c, k)) row['hid_' + c] = true; }
          row[c] = s / (hi - lo + 1);
        });
        rows.push(row);
      }
    } else {
      var interval = mode === 'week' ? d3.utcMonday : d3.utcMonth;
      var edges = [start].concat(interval.range(new Date(start.getTime() + 1), end)).concat([end]);
      for (var b = 0; b + 1 < edges.length; b++) {
        var i0 = Math.round((edges[b] - start) / DAY), i1 = Math.round((edges[b + 1] - start) / DAY);
        if (i1 <= i0) continue;
        var r = { t: new Date((edges[b].getTime() + edges[b + 1].getTime()) / 2), t0: edges[b], t1: new Date(edges[b + 1].getTime()) };
        keys.forEach(function (c) {
          var s = 0;
          for (k = i0; k < i1; k++) { s += at(c, k); if (hid(c, k)) r['hid_' + c] = true; }
          r[c] = s / (i1 - i0);
        });
        rows.push(r);
      }
    }
    var series = d3.stack().keys(keys)(rows);
    var top = d3.max(series.length ? series[series.length - 1] : [], function (p) { return p[1]; }) || 1;

    var cps = [];
    tcs.forEach(function (c) {
      if (!obj(c)) return;
      arr(c.change_points).forEach(function (p) {
        var dt = obj(p) ? parseDay(p.date) : null;
        if (!dt || dt < start || dt > end) return;
        cps.push({ channel: str(c.channel), date: dt, p: p, up: p.direction === 'up' || (num(p.change) && p.change > 0) });
      });
    });
    cps.sort(function (a, b) { return a.date - b.date; });

    var how = ctx.tr('daily_how_' + mode);
    return {
      how: how,
      note: cps.length ? null : (ctx.report.temporal ? null : ctx.tr('no_cp')),
      draw: function (body, width) {
        legend(body, keys.map(function (c) { return { colour: colour(c), label: c + ' (' + ctx.int(totals[c]) + ')' }; })
          .concat(cps.length ? [{ colour: '#555', kind: 'cp', label: '▲ ▼ ' + ctx.tr('change_point') }] : []));
        // triangle rows above the plot for change points that share a spot
        var m = { left: 52, right: 16, bottom: 28, top: 14 };
        var x = d3.scaleUtc().domain([start, end]).range([m.left, width - m.right]);
        var rowsEnd = [];
        cps.forEach(function (c) {
          var px = x(c.date), r = 0;
          while (r < rowsEnd.length && rowsEnd[r] > px - 10) r++;
          if (r > 3) r = 3;
          rowsEnd[r] = px;
          c.row = r;
        });
        m.top = 14 + (cps.length ? (Math.min(rowsEnd.length, 4)) * 11 : 0);
        var height = Math.max(220, Math.min(340, Math.round(width * 0.32))) + m.top;
        var y = d3.scaleLinear().domain([0, top * 1.05]).nice().range([height - m.bottom, m.top]);
        var svg = svgIn(body, width, height, ctx.tr('daily') + ': ' + keys.join(', '));

        svg.append('g').attr('class', 'chart-grid')
          .attr('transform', 'translate(' + m.left + ',0)')
          .call(d3.axisLeft(y).ticks(5).tickSize(-(width - m.left - m.right)).tickFormat(''))
          .call(function (g) { g.select('.domain').remove(); });
        var area = d3.area()
          .x(function (p) { return x(p.data.t); })
          .y0(function (p) { return y(p[0]); })
          .y1(function (p) { return y(p[1]); })
          .curve(mode === 'rolling' ? d3.curveLinear : d3.curveMonotoneX);
        svg.append('g').attr('class', 'chart-areas').selectAll('path').data(series).enter()
          .append('path')
          .attr('fill', function (s) { return colour(s.key); })
          .attr('fill-opacity', 0.85)
          .attr('stroke', function (s) { return d3.color(colour(s.key)).darker(0.4); })
          .attr('stroke-width', 0.5)
          .attr('d', area);

        svg.append('g').attr('class', 'chart-axis')
          .attr('transform', 'translate(0,' + (height - m.bottom) + ')')
          .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((width - m.left) / 90))).tickFormat(ctx.timeTick));
        var yf = top < 10 ? function (v) { return ctx.dec(v, 1); } : ctx.int;
        svg.append('g').attr('class', 'chart-axis')
          .attr('transform', 'translate(' + m.left + ',0)')
          .call(d3.axisLeft(y).ticks(5).tickFormat(yf));
        svg.append('text').attr('class', 'chart-axis-label')
          .attr('transform', 'translate(12,' + ((m.top + height - m.bottom) / 2) + ') rotate(-90)')
          .attr('text-anchor', 'middle')
          .text(ctx.tr('per_day'));

        // hover: a guide and the values of the nearest bin
        var guide = svg.append('line').attr('class', 'chart-guide')
          .attr('y1', m.top).attr('y2', height - m.bottom).style('display', 'none');
        var bis = d3.bisector(function (r) { return r.t; }).left;
        svg.append('rect').attr('class', 'chart-hover')
          .attr('x', m.left).attr('y', m.top)
          .attr('width', Math.max(0, width - m.left - m.right)).attr('height', Math.max(0, height - m.top - m.bottom))
          .on('mousemove', function () {
            var px = d3.mouse(this)[0];
            var t0 = x.invert(px);
            var j = Math.min(rows.length - 1, Math.max(0, bis(rows, t0)));
            if (j > 0 && (t0 - rows[j - 1].t) < (rows[j].t - t0)) j--;
            var r = rows[j];
            guide.attr('x1', x(r.t)).attr('x2', x(r.t)).style('display', null);
            var when = mode === 'month' ? ctx.month(r.t0)
              : mode === 'week' ? ctx.day(r.t0) + ' – ' + ctx.day(new Date(r.t1.getTime() - DAY))
              : ctx.day(r.t0);
            var sum = 0;
            var lines = [when];
            keys.slice().reverse().forEach(function (c) {
              sum += r[c];
              lines.push([colour(c), c + ': ' + ctx.smart(r[c]) + (r['hid_' + c] ? ' (' + fill(ctx.tr('days_hidden'), { k: ctx.k }) + ')' : '')]);
            });
            lines.push(ctx.tr('total') + ': ' + ctx.smart(sum) + ' ' + ctx.tr('per_day'));
            ctx.tip.show(lines);
            ctx.tip.move();
          })
          .on('mouseleave', function () { guide.style('display', 'none'); ctx.tip.hide(); });

        // change points
        var tri = d3.symbol().type(d3.symbolTriangle).size(42);
        var g = svg.append('g').attr('class', 'chart-cps').selectAll('g').data(cps).enter().append('g')
          .attr('class', 'chart-cp')
          .attr('transform', function (c) { return 'translate(' + Math.round(x(c.date)) + ',0)'; });
        g.append('line').attr('class', 'chart-cp-rule')
          .attr('y1', function (c) { return 8 + c.row * 11; }).attr('y2', height - m.bottom)
          .attr('stroke', function (c) { return colour(c.channel); });
        g.append('path').attr('d', tri)
          .attr('fill', function (c) { return colour(c.channel); })
          .attr('stroke', '#fff').attr('stroke-width', 0.8)
          .attr('transform', function (c) { return 'translate(0,' + (8 + c.row * 11) + ')' + (c.up ? '' : ' rotate(180)'); });
        g.append('line').attr('class', 'chart-cp-hit')
          .attr('y1', 2).attr('y2', height - m.bottom);
        tipOn(ctx, g, function (c) {
          return [[colour(c.channel), c.channel + ': ' + ctx.tr(c.up ? 'cp_up' : 'cp_down')],
            ctx.day(c.date),
            ctx.smart(c.p.rate_before) + ' → ' + ctx.smart(c.p.rate_after) + ' ' + ctx.tr('rate')];
        });
      }
    };
  }

  // ---- 2. persistence and novelty -----------------------------------------

  function prepPersistence(ctx) {
    var ws = arr(ctx.report.temporal && ctx.report.temporal.windows).filter(obj);
    if (!ws.length) return empty(ctx.tr('no_windows'));
    if (ws.length < 2 || !ws.some(function (w) { return num(w.persistence) || num(w.novelty); }))
      return empty(ctx.tr('one_window'));
    var labels = ws.map(function (w, i) { return str(w.label) || String(i + 1); });
    var lines = [
      { key: 'persistence', label: ctx.tr('pers'), colour: '#2f6db5' },
      { key: 'novelty', label: ctx.tr('nov'), colour: '#e0892b' }
    ];
    return {
      draw: function (body, width) {
        legend(body, lines.map(function (l) { return { colour: l.colour, label: l.label, kind: 'line' }; }));
        var m = { left: 44, right: 16, top: 12, bottom: 44 };
        var height = Math.max(200, Math.min(280, Math.round(width * 0.26)));
        var x = d3.scalePoint().domain(d3.range(ws.length)).range([m.left, width - m.right]).padding(0.4);
        var y = d3.scaleLinear().domain([0, 1]).range([height - m.bottom, m.top]);
        var svg = svgIn(body, width, height, ctx.tr('persistence'));
        svg.append('g').attr('class', 'chart-grid')
          .attr('transform', 'translate(' + m.left + ',0)')
          .call(d3.axisLeft(y).ticks(5).tickSize(-(width - m.left - m.right)).tickFormat(''))
          .call(function (g) { g.select('.domain').remove(); });
        var every = Math.max(1, Math.ceil(ws.length / Math.max(1, Math.floor((width - m.left) / 58))));
        var ax = svg.append('g').attr('class', 'chart-axis')
          .attr('transform', 'translate(0,' + (height - m.bottom) + ')')
          .call(d3.axisBottom(x).tickFormat(function (i) { return i % every === 0 ? clip(labels[i], 14) : ''; }));
        if (every > 1 || ws.length * 58 > width) {
          ax.selectAll('text').attr('transform', 'rotate(-35)').attr('text-anchor', 'end').attr('dx', '-0.4em').attr('dy', '0.5em');
        }
        svg.append('g').attr('class', 'chart-axis')
          .attr('transform', 'translate(' + m.left + ',0)')
          .call(d3.axisLeft(y).ticks(5).tickFormat(function (v) { return ctx.dec(v, 1); }));
        lines.forEach(function (l) {
          var ok = function (w) { return num(w[l.key]); };
          svg.append('path').attr('class', 'chart-line')
            .attr('stroke', l.colour)
            .attr('d', d3.line().defined(ok)
              .x(function (w, i) { return x(i); })
              .y(function (w) { return y(w[l.key]); })(ws));
          svg.append('g').selectAll('circle').data(ws.map(function (w, i) { return { w: w, i: i }; }).filter(function (p) { return ok(p.w); }))
            .enter().append('circle').attr('class', 'chart-dot')
            .attr('r', ws.length > 60 ? 2 : 3.5)
            .attr('cx', function (p) { return x(p.i); })
            .attr('cy', function (p) { return y(p.w[l.key]); })
            .attr('fill', l.colour);
        });
        var step = ws.length > 1 ? x(1) - x(0) : width;
        var hover = svg.append('g').selectAll('rect').data(ws).enter().append('rect')
          .attr('class', 'chart-hover')
          .attr('x', function (w, i) { return x(i) - step / 2; }).attr('y', m.top)
          .attr('width', step).attr('height', height - m.top - m.bottom);
        tipOn(ctx, hover, function (w, i) {
          return [labels[i],
            [lines[0].colour, ctx.tr('pers') + ': ' + ctx.dec(w.persistence, 2)],
            [lines[1].colour, ctx.tr('nov') + ': ' + ctx.dec(w.novelty, 2)],
            ctx.tr('ties') + ': ' + ctx.int(w.ties) + ', ' + ctx.tr('contacts') + ': ' + ctx.int(w.contacts)];
        });
        hover.on('mouseover.hl', function () { d3.select(this).classed('on', true); })
          .on('mouseout.hl', function () { d3.select(this).classed('on', false); });
      }
    };
  }

  // ---- 3. E-I by organisation ---------------------------------------------

  function partitionOf(ctx) {
    var silo = ctx.report.silo;
    if (!obj(silo)) return null;
    // a partition whose measures mean nothing (no organisations known) is no finding
    function usable(k) { return obj(silo[k]) && !silo[k].not_meaningful; }
    if (usable('organisation')) return { name: 'organisation', p: silo.organisation };
    var ks = Object.keys(silo).filter(usable);
    return ks.length ? { name: ks[0], p: silo[ks[0]] } : null;
  }

  // the reason the report gives when no partition is usable, else the usual text
  function noSilo(ctx) {
    var silo = ctx.report.silo;
    var k = obj(silo) ? Object.keys(silo).filter(function (k) { return obj(silo[k]) && silo[k].not_meaningful; })[0] : null;
    return k ? ctx.tr('not_meaningful') + ': ' + str(silo[k].not_meaningful) : ctx.tr('no_silo');
  }

  function prepEI(ctx) {
    var part = partitionOf(ctx);
    if (!part) return empty(noSilo(ctx));
    var p = part.p;
    var groups = arr(p.groups).filter(function (g) { return obj(g) && num(g.ei); });
    if (groups.length < 2) return empty(ctx.tr('one_group'));
    groups = groups.slice().sort(function (a, b) {
      return a.ei - b.ei || (b.size || 0) - (a.size || 0) || (str(a.name) < str(b.name) ? -1 : 1);
    });
    var shown = groups.slice(0, MAX_EI_BARS);
    var hidden = groups.length - shown.length;
    var notes = [];
    var pv = num(p.ei_p) ? (p.ei_p === 0 && num(p.permutations) && p.permutations > 0
      ? '< ' + ctx.dec(1 / p.permutations, 3) : '= ' + ctx.dec(p.ei_p, 3)) : null;
    notes.push(fill(ctx.tr(pv ? 'ei_net' : 'ei_net_nop'),
      { ei: ctx.dec(p.ei, 2), p: pv, n: ctx.int(p.permutations), eiw: ctx.dec(p.ei_weighted, 2) }));
    if (part.name !== 'organisation') notes.push(fill(ctx.tr('partition'), { name: part.name }));
    return {
      note: notes.join(' '),
      draw: function (body, width) {
        var rowH = 20;
        var labelW = Math.min(240, Math.max(90, Math.round(width * 0.3)));
        var m = { left: labelW + 8, right: 56, top: 24, bottom: 40 };
        var height = m.top + m.bottom + shown.length * rowH;
        var x = d3.scaleLinear().domain([-1, 1]).range([m.left, Math.max(m.left + 60, width - m.right)]);
        var y = d3.scaleBand().domain(d3.range(shown.length)).range([m.top, m.top + shown.length * rowH]).paddingInner(0.22);
        var svg = svgIn(body, width, height, ctx.tr('ei'));
        svg.append('g').attr('class', 'chart-grid')
          .attr('transform', 'translate(0,' + m.top + ')')
          .call(d3.axisTop(x).ticks(8).tickSize(-(shown.length * rowH)).tickFormat(''))
          .call(function (g) { g.select('.domain').remove(); });
        svg.append('line').attr('class', 'chart-zero')
          .attr('x1', x(0)).attr('x2', x(0)).attr('y1', m.top - 4).attr('y2', m.top + shown.length * rowH);
        var rows = svg.append('g').selectAll('g').data(shown).enter().append('g')
          .attr('class', 'chart-row')
          .attr('transform', function (g, i) { return 'translate(0,' + y(i) + ')'; });
        rows.append('rect').attr('class', 'chart-row-bg')
          .attr('x', 0).attr('y', -y.step() * 0.11).attr('width', width).attr('height', y.step());
        rows.append('rect').attr('class', 'chart-bar')
          .attr('x', function (g) { return Math.min(x(0), x(g.ei)); })
          .attr('width', function (g) { return Math.max(1, Math.abs(x(g.ei) - x(0))); })
          .attr('height', y.bandwidth())
          .attr('fill', function (g) { return g.ei < 0 ? CLOSED : OPEN; });
        var chars = Math.max(8, Math.floor(labelW / 6.6));
        rows.append('text').attr('class', 'chart-label')
          .attr('x', m.left - 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em')
          .attr('text-anchor', 'end')
          .text(function (g) { return clip(str(g.name).trim() || ctx.tr('unnamed'), chars); })
          .call(fitText, labelW - 4);
        rows.append('text').attr('class', 'chart-value')
          .attr('x', width - m.right + 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em')
          .text(function (g) { return ctx.dec(g.ei, 2); });
        tipOn(ctx, rows, function (g) {
          return [str(g.name).trim() || ctx.tr('unnamed'), 'E-I: ' + ctx.dec(g.ei, 2) + (num(g.ei_weighted) ? ' (' + ctx.dec(g.ei_weighted, 2) + ')' : ''),
            ctx.tr('members') + ': ' + ctx.int(g.size),
            ctx.tr('internal') + ': ' + ctx.int(g.internal) + ', ' + ctx.tr('external') + ': ' + ctx.int(g.external)];
        });
        if (num(p.ei)) {
          var rx = x(Math.max(-1, Math.min(1, p.ei)));
          svg.append('line').attr('class', 'chart-ref')
            .attr('x1', rx).attr('x2', rx).attr('y1', m.top - 6).attr('y2', m.top + shown.length * rowH + 4);
          svg.append('text').attr('class', 'chart-ref-label')
            .attr('x', rx).attr('y', m.top - 10)
            .attr('text-anchor', rx > width - 100 ? 'end' : rx < m.left + 60 ? 'start' : 'middle')
            .text(ctx.tr('network') + ' ' + ctx.dec(p.ei, 2));
        }
        var yb = m.top + shown.length * rowH;
        svg.append('g').attr('class', 'chart-axis')
          .attr('transform', 'translate(0,' + yb + ')')
          .call(d3.axisBottom(x).ticks(Math.min(8, Math.floor((width - m.left - m.right) / 50))).tickFormat(function (v) { return ctx.dec(v, 1); }));
        svg.append('text').attr('class', 'chart-axis-label').attr('x', x(-1)).attr('y', yb + 34).text(ctx.tr('inward'));
        svg.append('text').attr('class', 'chart-axis-label').attr('x', x(1)).attr('y', yb + 34)
          .attr('text-anchor', 'end').text(ctx.tr('outward'));
        if (hidden > 0) {
          d3.select(body).append('p').attr('class', 'chart-more').text(fill(ctx.tr('more_groups'), { n: ctx.int(hidden) }));
        }
      }
    };
  }

  // ---- 4. the organisation x organisation matrix ---------------------------

  function prepMatrix(ctx) {
    var part = partitionOf(ctx);
    if (!part) return empty(noSilo(ctx));
    var mx = part.p.matrix;
    if (!obj(mx)) return empty(ctx.tr('no_matrix'));
    var names = arr(mx.groups).map(function (s) { return str(s).trim() || ctx.tr('unnamed'); });
    var w = arr(mx.weights || mx.contacts || mx.ties);
    var n = names.length;
    if (n < 2) return empty(ctx.tr('one_group'));
    var val = function (i, j) { var r = w[i]; var v = Array.isArray(r) ? r[j] : null; return num(v) && v > 0 ? v : 0; };
    var hidden = function (i, j) { var r = w[i]; return ctx.k > 0 && Array.isArray(r) && r[j] === null; };
    var tot = names.map(function (s, i) {
      var t = 0;
      for (var j = 0; j < n; j++) t += val(i, j) + (i !== j ? val(j, i) : 0);
      return t;
    });
    var idx = d3.range(n).filter(function (i) { return tot[i] > 0; });
    if (idx.length < 2) return empty(ctx.tr('one_group'));
    var note = null;
    if (idx.length > MAX_MATRIX) {
      idx = idx.slice().sort(function (a, b) { return tot[b] - tot[a] || a - b; }).slice(0, MAX_MATRIX).sort(d3.ascending);
      note = fill(ctx.tr('matrix_top'), { k: MAX_MATRIX, n: ctx.int(n) });
    }
    var k = idx.length;
    var cells = [], lo = Infinity, hi = 0;
    idx.forEach(function (i, a) {
      idx.forEach(function (j, b) {
        var v = val(i, j);
        cells.push({ a: a, b: b, i: i, j: j, v: v, hid: hidden(i, j) });
        if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      });
    });
    if (!(hi > 0)) return empty(ctx.tr('one_group'));
    if (lo === hi) lo = hi / 10;
    var colour = d3.scaleSequentialLog(function (t) { return d3.interpolateBlues(0.1 + 0.9 * t); }).domain([lo, hi]);
    return {
      note: note,
      draw: function (body, width) {
        var labelW = Math.min(200, Math.max(80, Math.round(width * 0.22)));
        var chars = Math.max(8, Math.floor(labelW / 6.4));
        var colChars = Math.min(chars, 26);
        var longest = d3.max(idx, function (i) { return Math.min(colChars, names[i].length); }) || 4;
        var m = { left: labelW + 6, top: Math.min(170, 16 + longest * 5.4), right: Math.max(16, Math.round(longest * 3.3)), bottom: 50 };
        var cell = Math.max(6, Math.min(24, Math.floor((width - m.left - m.right) / k)));
        var height = m.top + k * cell + m.bottom;
        var svg = svgIn(body, width, height, ctx.tr('matrix'));
        var fs = Math.max(8, Math.min(12, cell - 2));
        var every = Math.ceil((fs + 1) / cell);   // too small cells: name every few rows
        var g = svg.append('g').attr('transform', 'translate(' + m.left + ',' + m.top + ')');
        var rect = g.append('g').selectAll('rect').data(cells).enter().append('rect')
          .attr('class', function (c) { return 'chart-cell' + (c.i === c.j && c.v > 0 ? ' chart-cell-diag' : ''); })
          .attr('x', function (c) { return c.b * cell; })
          .attr('y', function (c) { return c.a * cell; })
          .attr('width', cell).attr('height', cell)
          .attr('fill', function (c) { return c.v > 0 ? colour(c.v) : '#f3f4f6'; });
        var rowLab = g.append('g').selectAll('text').data(idx).enter().append('text')
          .attr('class', 'chart-label')
          .attr('x', -6).attr('y', function (i, a) { return a * cell + cell / 2; }).attr('dy', '0.35em')
          .attr('text-anchor', 'end').style('font-size', fs + 'px')
          .text(function (i, a) { return a % every === 0 ? clip(names[i], chars) : ''; })
          .call(fitText, labelW - 6);
        var colLab = g.append('g').selectAll('text').data(idx).enter().append('text')
          .attr('class', 'chart-label')
          .attr('transform', function (i, b) { return 'translate(' + (b * cell + cell / 2) + ',-6) rotate(-60)'; })
          .attr('dy', '0.35em').style('font-size', fs + 'px')
          .text(function (i, b) { return b % every === 0 ? clip(names[i], colChars) : ''; })
          .call(fitText, (m.top - 12) / Math.sin(Math.PI / 3));
        tipOn(ctx, rect, function (c) {
          return [ctx.tr('from') + ': ' + (names[c.i] || '–'), ctx.tr('to') + ': ' + (names[c.j] || '–'),
            ctx.tr('contacts') + ': ' + (c.hid ? '<' + ctx.k : ctx.smart(c.v))];
        });
        rect.on('mouseover.hl', function (c) {
          rowLab.classed('on', function (i, a) { return a === c.a; });
          colLab.classed('on', function (i, b) { return b === c.b; });
        }).on('mouseout.hl', function () { rowLab.classed('on', false); colLab.classed('on', false); });
        tipOn(ctx, rowLab, function (i) { return [names[i] || '–']; });
        tipOn(ctx, colLab, function (i) { return [names[i] || '–']; });

        // colour key
        var kw = Math.min(260, width - m.left - 20);
        var kx = m.left, ky = m.top + k * cell + 16;
        var id = 'chart-grad-' + Math.random().toString(36).slice(2);
        var grad = svg.append('defs').append('linearGradient').attr('id', id);
        d3.range(0, 1.0001, 0.1).forEach(function (t) {
          grad.append('stop').attr('offset', (t * 100) + '%').attr('stop-color', d3.interpolateBlues(0.1 + 0.9 * t));
        });
        svg.append('rect').attr('x', kx).attr('y', ky).attr('width', kw).attr('height', 10)
          .attr('fill', 'url(#' + id + ')').attr('stroke', '#ccc').attr('stroke-width', 0.5);
        var kscale = d3.scaleLog().domain([lo, hi]).range([kx, kx + kw]);
        var ticks = kscale.ticks(4).filter(function (v) { return Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9; });
        if (ticks.length < 2) ticks = [lo, hi];
        svg.append('g').attr('class', 'chart-axis').attr('transform', 'translate(0,' + (ky + 10) + ')')
          .call(d3.axisBottom(kscale).tickValues(ticks).tickFormat(ctx.smart).tickSizeOuter(0));
        svg.append('text').attr('class', 'chart-axis-label').attr('x', kx + kw + 8).attr('y', ky + 9).text(ctx.tr('contacts'));
      }
    };
  }

  // ---- 5. brokerage ---------------------------------------------------------

  function prepBrokerage(ctx) {
    var rb = obj(ctx.report.brokerage) ? ctx.report.brokerage : null;
    var nodes = obj(ctx.data.map) && obj(ctx.data.map.nodes) ? ctx.data.map.nodes : {};
    var bk = obj(nodes.brokerage) ? nodes.brokerage : null;
    var ids = arr(nodes.id), nm = arr(nodes.name);
    var top = [];
    if (bk) {
      var n = 0;
      ROLES.forEach(function (r) { n = Math.max(n, arr(bk[r]).length); });
      for (var i = 0; i < n; i++) {
        var o = { i: i, total: 0 };
        ROLES.forEach(function (r) {
          var v = arr(bk[r])[i];
          o[r] = num(v) && v > 0 ? v : ctx.hid(v) ? null : 0;   // null: hidden by the small-cell rule
          o.total += o[r] || 0;
        });
        var tv = bk.total ? arr(bk.total)[i] : undefined;  // the total as the report gives it
        if (tv !== undefined) o.total = num(tv) ? tv : null;
        if (o.total === null || o.total > 0) top.push(o);
      }
      top.sort(function (a, b) { return (b.total || 0) - (a.total || 0) || a.i - b.i; });
      top = top.slice(0, TOP_BROKERS);
    }
    var hasTable = rb && obj(rb.observed);
    if (!top.length && !hasTable) return empty(bk ? ctx.tr('no_brokers') : ctx.tr('no_brokerage'));
    var colour = d3.scaleOrdinal().domain(ROLES).range(ROLE_COLOURS);
    var label = function (o) {
      var s = str(nm[o.i]).trim();
      return s || str(ids[o.i]) || '#' + o.i;
    };
    var notes = [];
    if (top.length) notes.push(fill(ctx.tr('top_brokers'), { k: top.length }));
    if (rb && rb.partition && rb.partition !== 'organisation') notes.push(fill(ctx.tr('partition'), { name: str(rb.partition) }));
    return {
      note: notes.join(' '),
      draw: function (body, width) {
        if (top.length) {
          legend(body, ROLES.map(function (r) { return { colour: colour(r), label: ctx.tr(r) }; }));
          var rowH = 22;
          var labelW = Math.min(220, Math.max(90, Math.round(width * 0.26)));
          var m = { left: labelW + 8, right: 56, top: 8, bottom: 28 };
          var height = m.top + m.bottom + top.length * rowH;
          var x = d3.scaleLinear().domain([0, top[0].total || 1]).nice().range([m.left, Math.max(m.left + 60, width - m.right)]);
          var y = d3.scaleBand().domain(d3.range(top.length)).range([m.top, m.top + top.length * rowH]).paddingInner(0.2);
          var svg = svgIn(body, width, height, ctx.tr('brokerage'));
          svg.append('g').attr('class', 'chart-grid')
            .attr('transform', 'translate(0,' + m.top + ')')
            .call(d3.axisTop(x).ticks(6).tickSize(-(top.length * rowH)).tickFormat(''))
            .call(function (g) { g.select('.domain').remove(); });
          var rows = svg.append('g').selectAll('g').data(top).enter().append('g')
            .attr('class', 'chart-row')
            .attr('transform', function (o, i) { return 'translate(0,' + y(i) + ')'; });
          rows.append('rect').attr('class', 'chart-row-bg')
            .attr('x', 0).attr('y', -y.step() * 0.1).attr('width', width).attr('height', y.step());
          rows.each(function (o) {
            var acc = 0;
            // a role hidden by the small-cell rule is not drawn (not as 0 either): missing
            var segs = ROLES.map(function (r) { var s = { r: r, x0: acc, v: o[r] }; acc += o[r] || 0; return s; })
              .filter(function (s) { return s.v > 0; });
            d3.select(this).selectAll('rect.chart-bar').data(segs).enter().append('rect')
              .attr('class', 'chart-bar')
              .attr('x', function (s) { return x(s.x0); })
              .attr('width', function (s) { return Math.max(0.5, x(s.x0 + s.v) - x(s.x0)); })
              .attr('height', y.bandwidth())
              .attr('fill', function (s) { return colour(s.r); });
          });
          var chars = Math.max(8, Math.floor(labelW / 6.6));
          rows.append('text').attr('class', 'chart-label')
            .attr('x', m.left - 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end')
            .text(function (o) { return clip(label(o), chars); })
            .call(fitText, labelW - 4);
          rows.append('text').attr('class', 'chart-value')
            .attr('x', function (o) { return x(o.total || 0) + 6; }).attr('y', y.bandwidth() / 2).attr('dy', '0.35em')
            .text(function (o) { return ctx.int(o.total); });
          tipOn(ctx, rows, function (o) {
            var head = label(o);
            var id = str(ids[o.i]);
            var out = [head];
            if (id && id !== head) out.push(id);
            var orgs = arr(ctx.data.map && ctx.data.map.organisations);
            var oi = arr(nodes.org)[o.i];
            if (num(oi) && oi >= 0 && oi < orgs.length && str(orgs[oi])) out.push(str(orgs[oi]));
            ROLES.forEach(function (r) { out.push([colour(r), ctx.tr(r) + ': ' + ctx.int(o[r])]); });
            return out;
          });
          svg.append('g').attr('class', 'chart-axis')
            .attr('transform', 'translate(0,' + (m.top + top.length * rowH) + ')')
            .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((width - m.left - m.right) / 70))).tickFormat(ctx.int));
        } else {
          d3.select(body).append('p').attr('class', 'chart-empty').text(bk ? ctx.tr('no_brokers') : ctx.tr('no_brokerage'));
        }
        if (hasTable) {
          var wrap = d3.select(body).append('div').attr('class', 'chart-table-wrap');
          wrap.append('p').attr('class', 'chart-howto').text(ctx.tr('role_table'));
          var tb = wrap.append('table').attr('class', 'chart-table');
          var hr = tb.append('thead').append('tr');
          ['role', 'observed', 'expected', 'z'].forEach(function (h, i) {
            hr.append('th').attr('class', i ? 'num' : null).attr('scope', 'col').text(ctx.tr(h));
          });
          var body2 = tb.append('tbody');
          ROLES.concat(['total']).forEach(function (r) {
            var ob = rb.observed[r], ex = obj(rb.expected) ? rb.expected[r] : null, z = obj(rb.z) ? rb.z[r] : null;
            if (!num(ob) && !num(ex)) return;
            var tr = body2.append('tr').attr('class', r === 'total' ? 'chart-total' : null);
            var th = tr.append('th').attr('scope', 'row');
            if (r !== 'total') th.append('span').attr('class', 'chart-swatch').style('background', colour(r));
            th.append('span').text(ctx.tr(r));
            tr.append('td').attr('class', 'num').text(ctx.int(ob));
            tr.append('td').attr('class', 'num').text(ctx.smart(ex));
            tr.append('td').attr('class', 'num' + (num(z) && Math.abs(z) >= 1.96 ? (z > 0 ? ' chart-hi' : ' chart-lo') : ''))
              .text(num(z) ? (z > 0 ? '+' : '') + ctx.dec(z, 1) : '–');
          });
        }
      }
    };
  }

  // ---- 6. cases -------------------------------------------------------------

  var CASE_KEYS = ['providers', 'care_density', 'pingpongs', 'bti'];

  function prepCases(ctx) {
    var hs = arr(ctx.data.case_histograms).filter(function (h) {
      return obj(h) && CASE_KEYS.indexOf(h.key) >= 0 && arr(h.counts).length && arr(h.counts).some(function (v) { return num(v) && v > 0; });
    });
    hs.sort(function (a, b) { return CASE_KEYS.indexOf(a.key) - CASE_KEYS.indexOf(b.key); });
    var rc = obj(ctx.report.cases) ? ctx.report.cases : null;
    if (!hs.length) return empty(ctx.tr('no_cases'));
    var note = null;
    var pp = rc && obj(rc.pingpong) ? rc.pingpong : null;
    if (pp && num(pp.share_of_cases)) {
      var nc = num(rc.cases_in_view) ? rc.cases_in_view : rc.cases;
      note = fill(ctx.tr('pingpong'), { d: ctx.int(num(pp.window_days) ? pp.window_days : 30), share: ctx.pct(pp.share_of_cases),
        k: ctx.int(pp.cases), n: ctx.int(nc) });
    }
    var summaries = {
      providers: rc && obj(rc.providers_per_case) ? rc.providers_per_case : {},
      care_density: rc && obj(rc.care_density) ? rc.care_density : {}
    };
    var medians = {
      providers: summaries.providers.median,
      care_density: summaries.care_density.median
    };
    return {
      note: note,
      draw: function (body, width) {
        var cols = width >= 900 ? Math.min(4, hs.length) : width >= 440 ? Math.min(2, hs.length) : 1;
        var pw = Math.floor((width - (cols - 1) * 12) / cols);
        var grid = d3.select(body).append('div').attr('class', 'chart-multiples')
          .style('grid-template-columns', 'repeat(' + cols + ', 1fr)');
        hs.forEach(function (h) {
          // a bin hidden by the small-cell rule stays null: not drawn, labelled <K
          var counts = arr(h.counts).map(function (v) { return num(v) && v > 0 ? v : ctx.hid(v) ? null : 0; });
          var bins = arr(h.bins);
          var wd = num(h.width) ? h.width : 1;
          var intBins = Number.isInteger(wd) && bins.every(function (b) { return !num(b) || Number.isInteger(b); });
          var lab = function (i) {
            var b = bins[i];
            if (!num(b)) return String(i);
            if (h.key === 'bti' && i === counts.length - 1 && b >= 3) return ctx.int(b) + '+';
            return intBins ? ctx.int(b) : ctx.smart(b);
          };
          var range = function (i) {
            var b = bins[i];
            if (!num(b)) return String(i);
            if (intBins && wd === 1) return lab(i);
            return '[' + ctx.smart(b) + ', ' + ctx.smart(b + wd) + ')';
          };
          var cell = grid.append('div').attr('class', 'chart-panel');
          var title = ctx.tr(h.key);
          cell.append('div').attr('class', 'chart-panel-title').text(title);
          if (num(medians[h.key])) cell.append('div').attr('class', 'chart-panel-sub').text(ctx.tr('median') + ' ' + ctx.smart(medians[h.key]));
          // bins that do not span the report's own range would mislead: give the summary instead
          var sm = summaries[h.key] || {};
          var lastEnd = num(bins[bins.length - 1]) ? bins[bins.length - 1] + wd : null;
          if (num(sm.min) && num(sm.max) && num(bins[0]) && num(lastEnd) &&
              (sm.min < bins[0] - 1e-9 || sm.max > lastEnd + 1e-9)) {
            cell.append('p').attr('class', 'chart-empty')
              .text(fill(ctx.tr('summary'), { p10: ctx.smart(sm.p10), p90: ctx.smart(sm.p90), min: ctx.smart(sm.min), max: ctx.smart(sm.max) }));
            return;
          }
          var m = { left: 44, right: 8, top: 8, bottom: 30 };
          var height = 170;
          var svg = svgIn(cell.node(), pw, height, title);
          var x = d3.scaleBand().domain(d3.range(counts.length)).range([m.left, pw - m.right]).padding(counts.length > 30 ? 0.05 : 0.12);
          var y = d3.scaleLinear().domain([0, d3.max(counts, function (v) { return v || 0; }) || 1]).nice().range([height - m.bottom, m.top]);
          svg.append('g').attr('class', 'chart-grid')
            .attr('transform', 'translate(' + m.left + ',0)')
            .call(d3.axisLeft(y).ticks(4).tickSize(-(pw - m.left - m.right)).tickFormat(''))
            .call(function (g) { g.select('.domain').remove(); });
          var bars = svg.append('g').selectAll('rect').data(counts).enter().append('rect')
            .attr('class', 'chart-bar chart-hist')
            .attr('x', function (v, i) { return x(i); }).attr('width', x.bandwidth())
            .attr('y', function (v) { return y(v || 0); }).attr('height', function (v) { return v === null ? 0 : Math.max(0, y(0) - y(v)); });
          svg.append('g').selectAll('text').data(counts.map(function (v, i) { return { v: v, i: i }; })
            .filter(function (c) { return c.v === null; })).enter().append('text')
            .attr('class', 'chart-value chart-suppressed')
            .attr('x', function (c) { return x(c.i) + x.bandwidth() / 2; }).attr('y', height - m.bottom - 4)
            .attr('text-anchor', 'middle').style('font-size', '9px')
            .text('<' + ctx.k);
          var every = Math.max(1, Math.ceil(counts.length / Math.max(1, Math.floor((pw - m.left) / 34))));
          svg.append('g').attr('class', 'chart-axis')
            .attr('transform', 'translate(0,' + (height - m.bottom) + ')')
            .call(d3.axisBottom(x).tickSizeOuter(0).tickFormat(function (i) { return i % every === 0 ? lab(i) : ''; }));
          svg.append('g').attr('class', 'chart-axis')
            .attr('transform', 'translate(' + m.left + ',0)')
            .call(d3.axisLeft(y).ticks(4).tickFormat(ctx.int));
          // the whole column is the hover target, so thin bars are easy to hit
          var hit = svg.append('g').selectAll('rect').data(counts).enter().append('rect')
            .attr('class', 'chart-hover')
            .attr('x', function (v, i) { return x(i) - x.step() * x.padding() / 2; }).attr('width', x.step())
            .attr('y', m.top).attr('height', height - m.top - m.bottom);
          tipOn(ctx, hit, function (v, i) { return [title + ': ' + range(i), ctx.int(v) + ' ' + ctx.tr('n_cases')]; });
          hit.on('mouseover.hl', function (v, i) { bars.classed('on', function (w, j) { return j === i; }); })
            .on('mouseout.hl', function () { bars.classed('on', false); });
        });
      }
    };
  }

  // ---- the figures ----------------------------------------------------------

  var CHARTS = [
    { name: 'daily', title: 'daily', how: null, prep: prepDaily },
    { name: 'persistence', title: 'persistence', how: 'persistence_how', prep: prepPersistence },
    { name: 'ei', title: 'ei', how: 'ei_how', prep: prepEI },
    { name: 'matrix', title: 'matrix', how: 'matrix_how', prep: prepMatrix },
    { name: 'brokerage', title: 'brokerage', how: 'brokerage_how', prep: prepBrokerage },
    { name: 'cases', title: 'cases', how: 'cases_how', prep: prepCases }
  ];

  function widthOf(el) {
    var w = el.clientWidth;
    if (!w && el.parentNode && el.parentNode.clientWidth) w = el.parentNode.clientWidth;
    return Math.max(280, Math.floor(w || 800));
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  function failed(ctx, f, name, err) {
    SamnettCharts.errors.push(name + ': ' + (err && err.message ? err.message : String(err)));
    clear(f.body);
    d3.select(f.body).append('p').attr('class', 'chart-empty').text(ctx.tr('error'));
  }

  function drawOne(ctx, f) {
    var w = widthOf(f.body);
    if (w === f.width) return;
    f.width = w;
    clear(f.body);
    try { f.model.draw(f.body, w); } catch (err) { failed(ctx, f, f.name, err); }
  }

  function render(container, data, t) {
    if (!container) return;
    var old = states.get(container);
    if (old) {
      if (old.observer) old.observer.disconnect();
      window.removeEventListener('resize', old.onResize);
    }
    clear(container);
    SamnettCharts.errors = [];
    var ctx;
    try { ctx = makeContext(container, data || {}, t); } catch (err) {
      SamnettCharts.errors.push('context: ' + err.message);
      return;
    }
    var figs = [];
    CHARTS.forEach(function (c) {
      var fig = d3.select(container).append('figure').attr('class', 'chart').attr('data-chart', c.name);
      var cap = fig.append('figcaption');
      cap.append('h3').attr('class', 'chart-title').text(ctx.tr(c.title));
      var howEl = cap.append('p').attr('class', 'chart-howto');
      var body = fig.append('div').attr('class', 'chart-body').node();
      var f = { name: c.name, body: body, width: 0, model: null };
      var model;
      try { model = c.prep(ctx); } catch (err) { model = null; failed(ctx, f, c.name, err); }
      howEl.text(model && !model.empty ? (model.how || (c.how ? ctx.tr(c.how) : '')) : '');
      if (!howEl.text()) howEl.remove();
      if (model && model.note) cap.append('p').attr('class', 'chart-note').text(model.note);
      if (model && model.empty) {
        fig.classed('chart-is-empty', true);
        d3.select(body).append('p').attr('class', 'chart-empty').text(model.empty);
      } else if (model) {
        f.model = model;
        figs.push(f);
      }
    });
    figs.forEach(function (f) { drawOne(ctx, f); });

    var timer = null;
    var redraw = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { ctx.tip.hide(); figs.forEach(function (f) { drawOne(ctx, f); }); }, 150);
    };
    var state = { onResize: redraw, observer: null };
    states.set(container, state);
    if (typeof ResizeObserver === 'function') {
      state.observer = new ResizeObserver(redraw);
      state.observer.observe(container);
    }
    window.addEventListener('resize', redraw);
  }

  var SamnettCharts = { render: render, errors: [] };
  window.SamnettCharts = SamnettCharts;
})();
