/* samnett HTML report: the network map (canvas, D3 5 zoom and quadtree).
 *
 * window.SamnettMap.create(canvas, map, opts) returns a map object. `map` is
 * DATA.map (see the contract). The map keeps the actor-level nodes and ties
 * as typed arrays and aggregates them to units or organisations on demand;
 * the page (app.js) drives it through setters and reads state() back.
 *
 * Drawing: ties are merged per unordered pair of drawn nodes and batched into
 * one Path2D per alpha bucket, built in "fitted" coordinates (the layout
 * scaled to the canvas) and stroked under the zoom transform; nodes are drawn
 * per colour batch in screen coordinates. Nothing is allocated per frame. */
(function () {
  'use strict';

  var BUCKETS = 10;
  var MARGIN = 28;
  var GREY = '#a3a9b3';

  function palette() {
    var p = [];
    var a = (window.d3 && d3.schemeTableau10) || [];
    var b = (window.d3 && d3.schemeSet3) || [];
    a.forEach(function (c) { p.push(c); });
    b.forEach(function (c) { if (c !== '#d9d9d9' && c !== '#ffffb3') p.push(c); });
    if (!p.length) p = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949'];
    return p;
  }

  function arr(x, n, fill) {
    var out = new Array(n);
    for (var i = 0; i < n; i++) {
      var v = x && i < x.length ? x[i] : fill;
      out[i] = v === undefined ? fill : v;
    }
    return out;
  }

  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }

  function create(canvas, map, opts) {
    opts = opts || {};
    map = map || {};
    var nodesIn = map.nodes || {};
    var tiesIn = map.ties || {};
    var n = (nodesIn.id || []).length;
    var ids = arr(nodesIn.id, n, '').map(function (v) { return v == null ? '' : String(v); });
    var names = arr(nodesIn.name, n, null);
    var orgOf = Int32Array.from(arr(nodesIn.org, n, -1), function (v) { return v == null ? -1 : v; });
    var unitOf = Int32Array.from(arr(nodesIn.unit, n, -1), function (v) { return v == null ? -1 : v; });
    var typeOf = Int32Array.from(arr(nodesIn.type, n, -1), function (v) { return v == null ? -1 : v; });
    var members = arr(nodesIn.members, n, 1);
    var rawX = Float64Array.from(arr(nodesIn.x, n, 0), function (v) { return num(v) || 0; });
    var rawY = Float64Array.from(arr(nodesIn.y, n, 0), function (v) { return num(v) || 0; });
    var measures = nodesIn.measures || {};
    var organisations = map.organisations || [];
    var units = map.units || [];
    var unitOrg = map.unit_org || [];
    var types = map.types || [];
    var channels = map.channels || [];
    var windows = map.windows || [];
    var baseLevel = map.level || 'actor';

    var m = (tiesIn.from || []).length;
    var tFrom = Int32Array.from(arr(tiesIn.from, m, 0));
    var tTo = Int32Array.from(arr(tiesIn.to, m, 0));
    var tWeight = Float64Array.from(arr(tiesIn.weight, m, 0), function (v) { return num(v) || 0; });
    var tContacts = Float64Array.from(arr(tiesIn.contacts, m, 0), function (v) { return num(v) || 0; });
    var nch = channels.length;
    var tChan = new Float64Array(m * Math.max(nch, 1));
    var tChanTotal = new Float64Array(m);
    var chIn = tiesIn.channels || [];
    for (var t = 0; t < m; t++) {
      var row = chIn[t] || [];
      var s = 0;
      for (var c = 0; c < nch; c++) {
        var v = num(row[c]) || 0;
        tChan[t * nch + c] = v;
        s += v;
      }
      tChanTotal[t] = s;
    }
    var tValid = new Uint8Array(m);
    for (t = 0; t < m; t++) tValid[t] = tFrom[t] >= 0 && tFrom[t] < n && tTo[t] >= 0 && tTo[t] < n ? 1 : 0;

    /* organisation size rank: the largest organisation gets the first colour */
    var orgSize = new Array(organisations.length).fill(0);
    for (var i = 0; i < n; i++) if (orgOf[i] >= 0 && orgOf[i] < orgSize.length) orgSize[orgOf[i]]++;
    var orgRank = orgSize.map(function (_, k) { return k; })
      .sort(function (a, b) { return orgSize[b] - orgSize[a] || a - b; });
    var orgColourIdx = new Int32Array(organisations.length);
    orgRank.forEach(function (o, r) { orgColourIdx[o] = r; });
    var PAL = palette();

    /* ---- state ---- */
    var st = {
      level: 'actor', sizeBy: 'degree', colourBy: 'organisation', window: null,
      orgOn: new Uint8Array(organisations.length + 1).fill(1),   /* last: no organisation */
      typeOn: new Uint8Array(types.length + 1).fill(1),
      chanOn: new Uint8Array(Math.max(nch, 1)).fill(1),
      hl: new Uint8Array(n), hlCount: 0
    };

    /* ---- levels ---- */
    var levelCache = {};
    function levelModel(level) {
      if (levelCache[level]) return levelCache[level];
      var G, group = new Int32Array(n), label = [], gorg = [], gunit = [];
      var identity = level === 'actor' || level === baseLevel;
      if (identity) {
        G = n;
        for (i = 0; i < n; i++) { group[i] = i; }
      } else {
        /* the engine's groups at that level (map.groups), as its --level would form them */
        var gdef = (map.groups || {})[level];
        var byEngine = gdef && gdef.node && gdef.node.length === n && gdef.labels;
        var key = byEngine ? Int32Array.from(gdef.node) : level === 'unit' ? unitOf : orgOf;
        var known = byEngine ? gdef.labels.length : level === 'unit' ? units.length : organisations.length;
        var idx = new Int32Array(known).fill(-1);
        G = 0;
        for (i = 0; i < n; i++) {
          var k = key[i];
          if (k >= 0 && k < known) {
            if (idx[k] < 0) {
              idx[k] = G++;
              if (byEngine) {
                label.push(gdef.labels[k]);
                gorg.push(orgOf[i]);
                gunit.push(level === 'unit' ? unitOf[i] : -1);
              } else {
                label.push(level === 'unit' ? units[k] : organisations[k]);
                gorg.push(level === 'unit' ? (unitOrg[k] == null ? -1 : unitOrg[k]) : k);
                gunit.push(level === 'unit' ? k : -1);
              }
            }
            group[i] = idx[k];
          } else {
            group[i] = G++;
            label.push(names[i] || ids[i]);
            gorg.push(orgOf[i]);
            gunit.push(unitOf[i]);
          }
        }
      }
      /* members of each group */
      var start = new Int32Array(G + 1), memb = new Int32Array(n);
      for (i = 0; i < n; i++) start[group[i] + 1]++;
      for (var g = 0; g < G; g++) start[g + 1] += start[g];
      var fillp = start.slice(0, G);
      for (i = 0; i < n; i++) memb[fillp[group[i]]++] = i;
      /* merged, unordered pairs of groups, one index per tie (-1: self pair); pairDir: the
         direction of the tie in its pair (1: from the lower group, 2: from the higher) */
      var pairOf = new Int32Array(m), pairDir = new Uint8Array(m), pa = [], pb = [], seen = new Map();
      for (t = 0; t < m; t++) {
        if (!tValid[t]) { pairOf[t] = -1; continue; }
        var a = group[tFrom[t]], b = group[tTo[t]];
        if (a === b) { pairOf[t] = -1; continue; }
        pairDir[t] = a < b ? 1 : 2;
        if (a > b) { var x = a; a = b; b = x; }
        var kk = a * G + b;
        var p = seen.get(kk);
        if (p === undefined) { p = pa.length; seen.set(kk, p); pa.push(a); pb.push(b); }
        pairOf[t] = p;
      }
      var model = {
        level: level, identity: identity, G: G, group: group, start: start, memb: memb,
        label: label, gorg: gorg, gunit: gunit,
        pairOf: pairOf, pairDir: pairDir, pa: Int32Array.from(pa), pb: Int32Array.from(pb),
        pairW: new Float64Array(pa.length), pairDirs: new Uint8Array(pa.length),
        fx: new Float64Array(G), fy: new Float64Array(G),
        radius: new Float64Array(G), colour: new Int32Array(G),
        drawn: new Uint8Array(G), drawnCount: new Int32Array(G), hl: new Uint8Array(G)
      };
      levelCache[level] = model;
      return model;
    }

    /* ---- geometry ---- */
    var dpr = window.devicePixelRatio || 1;
    var W = 0, H = 0;
    var fitX = new Float64Array(n), fitY = new Float64Array(n);
    function fit() {
      var rect = canvas.getBoundingClientRect();
      W = Math.max(50, Math.round(rect.width));
      H = Math.max(50, Math.round(rect.height));
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
      var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (i = 0; i < n; i++) {
        if (rawX[i] < x0) x0 = rawX[i]; if (rawX[i] > x1) x1 = rawX[i];
        if (rawY[i] < y0) y0 = rawY[i]; if (rawY[i] > y1) y1 = rawY[i];
      }
      if (!n) { x0 = y0 = 0; x1 = y1 = 1; }
      var bw = x1 - x0 || 1, bh = y1 - y0 || 1;
      var sc = Math.min((W - 2 * MARGIN) / bw, (H - 2 * MARGIN) / bh);
      if (!(sc > 0)) sc = 1;
      var ox = (W - bw * sc) / 2, oy = (H - bh * sc) / 2;
      if (x1 === x0) ox = W / 2;
      if (y1 === y0) oy = H / 2;
      for (i = 0; i < n; i++) {
        fitX[i] = ox + (rawX[i] - x0) * sc;
        fitY[i] = oy + (rawY[i] - y0) * sc;
      }
      Object.keys(levelCache).forEach(function (l) { placeGroups(levelCache[l]); });
    }
    function placeGroups(M) {
      for (var g = 0; g < M.G; g++) {
        var sx = 0, sy = 0, a = M.start[g], b = M.start[g + 1];
        for (var j = a; j < b; j++) { sx += fitX[M.memb[j]]; sy += fitY[M.memb[j]]; }
        M.fx[g] = b > a ? sx / (b - a) : 0;
        M.fy[g] = b > a ? sy / (b - a) : 0;
      }
    }

    /* ---- derived: drawn nodes, sizes, colours ---- */
    var cur = null;            /* current level model */
    var order = new Int32Array(0), batchStart = [], batchColour = [];
    var drawnNodes = 0, drawnTies = 0;
    var quad = null;
    var tiePaths = [], tieAlpha = [], hlTiePath = null;

    function actorDrawn(i) {
      var o = orgOf[i], ty = typeOf[i];
      var oo = o >= 0 && o < organisations.length ? st.orgOn[o] : st.orgOn[organisations.length];
      var tt = ty >= 0 && ty < types.length ? st.typeOn[ty] : st.typeOn[types.length];
      return oo && tt;
    }
    var actorOn = new Uint8Array(n);

    function measureValue(name, i) {
      if (name === 'members') return num(members[i]) == null ? 1 : members[i];
      if (name === 'degree') {
        var di = measures.degree_in ? num(measures.degree_in[i]) : null;
        var dout = measures.degree_out ? num(measures.degree_out[i]) : null;
        if (di == null && dout == null) return null;
        return (di || 0) + (dout || 0);
      }
      var a = measures[name];
      return a ? num(a[i]) : null;
    }

    function recomputeNodes() {
      var M = cur;
      for (i = 0; i < n; i++) actorOn[i] = actorDrawn(i) ? 1 : 0;
      drawnNodes = 0;
      var vals = new Float64Array(M.G), vmax = 0;
      var tcount = new Int32Array(Math.max(types.length, 1));
      for (var g = 0; g < M.G; g++) {
        var c = 0, v = 0, any = false;
        var best = -1, bestN = 0;
        if (!M.identity) tcount.fill(0);
        for (var j = M.start[g]; j < M.start[g + 1]; j++) {
          var a = M.memb[j];
          if (!actorOn[a]) continue;
          c++;
          var x = st.sizeBy === 'members' ? (num(members[a]) == null ? 1 : members[a]) : measureValue(st.sizeBy, a);
          if (x != null) { v += x; any = true; }
          if (typeOf[a] >= 0 && typeOf[a] < types.length) {
            var k = ++tcount[typeOf[a]];
            if (k > bestN) { bestN = k; best = typeOf[a]; }
          }
        }
        M.drawn[g] = c > 0 ? 1 : 0;
        M.drawnCount[g] = c;
        if (c > 0) drawnNodes++;
        vals[g] = any && v > 0 ? v : 0;
        if (M.drawn[g] && vals[g] > vmax) vmax = vals[g];
        /* colour */
        var col;
        if (st.colourBy === 'type') col = M.identity ? typeOf[g] : best;
        else {
          var o = M.identity ? orgOf[g] : M.gorg[g];
          col = o >= 0 && o < organisations.length ? orgColourIdx[o] : -1;
        }
        M.colour[g] = col;
      }
      var rmin = drawnNodes > 5000 ? 1.5 : 2, rmax = drawnNodes > 5000 ? 6 : drawnNodes > 1000 ? 10 : M.identity ? 16 : 26;
      if (!M.identity && st.sizeBy === 'members') rmax = Math.max(rmax, 26);
      for (g = 0; g < M.G; g++) {
        M.radius[g] = vmax > 0 ? rmin + (rmax - rmin) * Math.sqrt(vals[g] / vmax) : (M.identity ? 4 : 8);
      }
      /* drawing order: by colour batch */
      var list = [];
      for (g = 0; g < M.G; g++) if (M.drawn[g]) list.push(g);
      list.sort(function (a, b) { return (M.colour[a] - M.colour[b]) || (M.radius[b] - M.radius[a]); });
      order = Int32Array.from(list);
      batchStart = []; batchColour = [];
      for (j = 0; j < order.length; j++) {
        if (j === 0 || M.colour[order[j]] !== M.colour[order[j - 1]]) {
          batchStart.push(j); batchColour.push(colourFor(M.colour[order[j]]));
        }
      }
      batchStart.push(order.length);
      quad = d3.quadtree().x(function (g) { return M.fx[g]; }).y(function (g) { return M.fy[g]; }).addAll(list);
      maxRadius = 0;
      for (g = 0; g < M.G; g++) if (M.drawn[g] && M.radius[g] > maxRadius) maxRadius = M.radius[g];
      recomputeHighlight();
    }
    var maxRadius = 0;

    function colourFor(ci) {
      if (ci < 0) return GREY;
      return PAL[ci % PAL.length];
    }

    function recomputeHighlight() {
      var M = cur;
      M.hl.fill(0);
      if (!st.hlCount) return;
      for (i = 0; i < n; i++) if (st.hl[i] && actorOn[i]) M.hl[M.group[i]] = 1;
    }

    function recomputeTies() {
      var M = cur;
      M.pairW.fill(0);
      M.pairDirs.fill(0);
      var allCh = true;
      for (var c = 0; c < nch; c++) if (!st.chanOn[c]) allCh = false;
      var count = 0;
      function add(t, w) {
        if (!tValid[t]) return;
        var a = tFrom[t], b = tTo[t];
        if (!actorOn[a] || !actorOn[b]) return;
        if (!allCh) {
          var s = 0;
          for (var c2 = 0; c2 < nch; c2++) if (st.chanOn[c2]) s += tChan[t * nch + c2];
          if (!(s > 0)) return;
          w = w == null ? s : (tChanTotal[t] > 0 ? w * s / tChanTotal[t] : w);
        } else if (w == null) w = tWeight[t];
        count++;
        var p = M.pairOf[t];
        if (p >= 0 && w > 0) { M.pairW[p] += w; M.pairDirs[p] |= M.pairDir[t]; }
      }
      if (st.window != null && windows[st.window]) {
        var win = windows[st.window], wt = win.ties || [], ww = win.weight || [];
        for (var k = 0; k < wt.length; k++) {
          var t = wt[k];
          if (t >= 0 && t < m) add(t, num(ww[k]) == null ? tWeight[t] : ww[k]);
        }
      } else {
        for (t = 0; t < m; t++) add(t, null);
      }
      /* drawnTies: directed ties (at a group level, the directed pairs of groups joined by a
         drawn tie, as the engine's --level counts its ties); a pair is drawn as one line */
      var P = M.pa.length, pairs = 0, directed = 0, wmax = 0;
      for (var p = 0; p < P; p++) {
        if (M.pairW[p] > 0 && M.drawn[M.pa[p]] && M.drawn[M.pb[p]]) {
          pairs++;
          directed += M.pairDirs[p] === 3 ? 2 : 1;
          if (M.pairW[p] > wmax) wmax = M.pairW[p];
        }
      }
      drawnTies = M.identity ? count : directed;
      /* paths per alpha bucket (log scale) */
      var amax = pairs > 50000 ? 0.28 : pairs > 5000 ? 0.4 : 0.6, amin = pairs > 50000 ? 0.03 : 0.07;
      tiePaths = []; tieAlpha = [];
      for (var b = 0; b < BUCKETS; b++) { tiePaths.push(new Path2D()); tieAlpha.push(amin + (amax - amin) * (b + 1) / BUCKETS); }
      hlTiePath = st.hlCount ? new Path2D() : null;
      var lw = Math.log1p(wmax) || 1;
      for (p = 0; p < P; p++) {
        var w = M.pairW[p];
        if (!(w > 0)) continue;
        var a = M.pa[p], bb = M.pb[p];
        if (!M.drawn[a] || !M.drawn[bb]) continue;
        var bi = Math.min(BUCKETS - 1, Math.floor(BUCKETS * Math.log1p(w) / lw - 1e-9));
        if (bi < 0) bi = 0;
        var path = tiePaths[bi];
        path.moveTo(M.fx[a], M.fy[a]);
        path.lineTo(M.fx[bb], M.fy[bb]);
        if (hlTiePath && M.hl[a] && M.hl[bb]) {
          hlTiePath.moveTo(M.fx[a], M.fy[a]);
          hlTiePath.lineTo(M.fx[bb], M.fy[bb]);
        }
      }
    }

    /* nodes grow a little when zoomed in, less than the map does */
    function growOf(k) { return k <= 1 ? Math.max(0.6, Math.sqrt(k)) : Math.min(2.2, Math.pow(k, 0.3)); }

    /* ---- drawing ---- */
    var ctx = canvas.getContext('2d');
    var transform = d3.zoomIdentity;
    var pending = false;
    var hoverG = -1;
    var lastDrawMs = 0;
    function requestDraw() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; draw(); });
    }
    function draw() {
      var t0 = performance.now();
      var M = cur, k = transform.k, tx = transform.x, ty = transform.y;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (!M) return;
      var dim = st.hlCount > 0;
      /* ties, in fitted coordinates under the zoom */
      ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
      ctx.lineWidth = 0.8 / k;
      ctx.strokeStyle = '#2b3a55';
      for (var b = 0; b < tiePaths.length; b++) {
        ctx.globalAlpha = dim ? tieAlpha[b] * 0.35 : tieAlpha[b];
        ctx.stroke(tiePaths[b]);
      }
      if (hlTiePath) {
        ctx.globalAlpha = 0.55;
        ctx.strokeStyle = '#1d2a44';
        ctx.lineWidth = 1.4 / k;
        ctx.stroke(hlTiePath);
      }
      /* nodes, in screen coordinates */
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      var grow = growOf(k);
      var stroke = order.length < 4000;
      ctx.lineWidth = 0.7;
      ctx.strokeStyle = '#ffffff';
      for (var pass = 0; pass < (dim ? 2 : 1); pass++) {
        ctx.globalAlpha = dim && pass === 0 ? 0.18 : 1;
        for (var bi = 0; bi + 1 < batchStart.length; bi++) {
          ctx.fillStyle = batchColour[bi];
          ctx.beginPath();
          var any = false;
          for (var j = batchStart[bi]; j < batchStart[bi + 1]; j++) {
            var g = order[j];
            if (dim && (M.hl[g] ? 0 : 1) !== (pass === 0 ? 1 : 0)) continue;
            var x = M.fx[g] * k + tx, y = M.fy[g] * k + ty, r = M.radius[g] * grow;
            if (x < -r || y < -r || x > W + r || y > H + r) continue;
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, 6.283185307179586);
            any = true;
          }
          if (any) { ctx.fill(); if (stroke || pass === 1) ctx.stroke(); }
        }
      }
      if (dim) {
        /* ring round the highlighted nodes */
        ctx.globalAlpha = 1;
        ctx.strokeStyle = '#111827';
        ctx.lineWidth = 1.6;
        ctx.beginPath();
        for (j = 0; j < order.length; j++) {
          g = order[j];
          if (!M.hl[g]) continue;
          x = M.fx[g] * k + tx; y = M.fy[g] * k + ty; r = M.radius[g] * grow + 1.5;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 6.283185307179586);
        }
        ctx.stroke();
      }
      if (hoverG >= 0 && M.drawn[hoverG]) {
        ctx.globalAlpha = 1;
        ctx.strokeStyle = '#111827';
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(M.fx[hoverG] * k + tx, M.fy[hoverG] * k + ty, M.radius[hoverG] * grow + 2.5, 0, 6.283185307179586);
        ctx.stroke();
      }
      if (!M.identity && order.length <= 60) drawGroupLabels(M, k, tx, ty, grow);
      ctx.globalAlpha = 1;
      lastDrawMs = performance.now() - t0;
    }
    /* labels of the larger groups first, skipping those that would overlap */
    function drawGroupLabels(M, k, tx, ty, grow) {
      ctx.globalAlpha = 1;
      ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.fillStyle = '#1f2937';
      var list = Array.prototype.slice.call(order).sort(function (a, b) { return M.radius[b] - M.radius[a]; });
      var boxes = [];
      for (var j = 0; j < list.length; j++) {
        var g = list[j];
        if (st.hlCount && !M.hl[g]) continue;
        var s = M.label[g] == null ? '' : String(M.label[g]);
        if (!s) continue;
        if (s.length > 28) s = s.slice(0, 27) + '\u2026';
        var x = M.fx[g] * k + tx, y = M.fy[g] * k + ty + M.radius[g] * grow + 3;
        var w = ctx.measureText(s).width, x0 = x - w / 2 - 2, x1 = x + w / 2 + 2, y0 = y - 1, y1 = y + 15;
        var clash = false;
        for (var b = 0; b < boxes.length && !clash; b += 4)
          clash = x0 < boxes[b + 2] && x1 > boxes[b] && y0 < boxes[b + 3] && y1 > boxes[b + 1];
        if (clash) continue;
        boxes.push(x0, y0, x1, y1);
        ctx.strokeText(s, x, y);
        ctx.fillText(s, x, y);
      }
    }

    /* ---- zoom and hover ---- */
    var zoom = d3.zoom().scaleExtent([0.3, 60]).on('zoom', function () {
      transform = d3.event.transform;
      requestDraw();
    });
    var sel = d3.select(canvas).call(zoom).on('dblclick.zoom', null);
    function hitTest(mx, my) {
      if (!quad || !cur) return -1;
      var k = transform.k, grow = growOf(k);
      var px = (mx - transform.x) / k, py = (my - transform.y) / k;
      var g = quad.find(px, py, (maxRadius * grow + 4) / k);
      if (g === undefined) return -1;
      var dx = cur.fx[g] * k + transform.x - mx, dy = cur.fy[g] * k + transform.y - my;
      var r = Math.max(cur.radius[g] * grow, 4) + 2;
      return dx * dx + dy * dy <= r * r ? g : -1;
    }
    sel.on('mousemove.hover', function () {
      var p = d3.mouse(canvas);
      var g = hitTest(p[0], p[1]);
      if (g !== hoverG) { hoverG = g; requestDraw(); }
      canvas.style.cursor = g >= 0 ? 'pointer' : 'grab';
      if (opts.onHover) opts.onHover(g, d3.event.clientX, d3.event.clientY);
    });
    sel.on('mouseleave.hover', function () {
      if (hoverG !== -1) { hoverG = -1; requestDraw(); }
      if (opts.onHover) opts.onHover(-1, 0, 0);
    });

    function zoomToGroups(list, animate) {
      if (!list.length) return;
      var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      list.forEach(function (g) {
        var x = cur.fx[g], y = cur.fy[g];
        if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
      });
      var bw = Math.max(x1 - x0, 40), bh = Math.max(y1 - y0, 40);
      var k = Math.max(0.5, Math.min(5, 0.75 * Math.min(W / bw, H / bh)));
      var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      var t = d3.zoomIdentity.translate(W / 2 - k * cx, H / 2 - k * cy).scale(k);
      if (animate === false) sel.call(zoom.transform, t);
      else sel.transition().duration(600).call(zoom.transform, t);
    }

    /* ---- public ---- */
    var api = {
      levels: function () {
        var all = ['actor', 'unit', 'organisation'];
        var from = all.indexOf(baseLevel);
        return all.slice(from < 0 ? 0 : from);
      },
      sizeMeasures: function () {
        var out = [];
        if (measures.degree_in || measures.degree_out) out.push('degree');
        Object.keys(measures).forEach(function (k) { if (Array.isArray(measures[k])) out.push(k); });
        out.push('members');
        return out;
      },
      setLevel: function (level) {
        if (api.levels().indexOf(level) < 0) level = api.levels()[0];
        st.level = level;
        cur = levelModel(level);
        hoverG = -1;
        if (opts.onHover) opts.onHover(-1, 0, 0);
        placeGroups(cur);
        recomputeNodes(); recomputeTies(); requestDraw();
      },
      setSizeBy: function (s) { st.sizeBy = s; recomputeNodes(); recomputeTies(); requestDraw(); },
      setColourBy: function (s) { st.colourBy = s === 'type' ? 'type' : 'organisation'; recomputeNodes(); requestDraw(); },
      setFilter: function (kind, on) {
        var target = kind === 'org' ? st.orgOn : kind === 'type' ? st.typeOn : st.chanOn;
        for (var j = 0; j < target.length; j++) target[j] = on[j] === undefined ? target[j] : (on[j] ? 1 : 0);
        if (kind !== 'channel') { recomputeNodes(); hoverG = -1; if (opts.onHover) opts.onHover(-1, 0, 0); }
        recomputeTies(); requestDraw();
      },
      setWindow: function (w) {
        st.window = w == null || !windows[w] ? null : w;
        recomputeTies(); requestDraw();
      },
      /* actors: array of actor indices (or null to clear) */
      highlight: function (actors, zoomTo) {
        st.hl.fill(0); st.hlCount = 0;
        (actors || []).forEach(function (a) {
          if (a >= 0 && a < n && !st.hl[a]) { st.hl[a] = 1; st.hlCount++; }
        });
        recomputeHighlight(); recomputeTies(); requestDraw();
        if (zoomTo && st.hlCount) {
          var list = [];
          for (var g = 0; g < cur.G; g++) if (cur.hl[g] && cur.drawn[g]) list.push(g);
          zoomToGroups(list);
        }
      },
      /* actors matching text (id, name; at group levels also unit/organisation names) */
      match: function (text) {
        var q = String(text || '').toLowerCase();
        var out = [];
        if (!q) return out;
        for (var a = 0; a < n; a++) {
          var hit = ids[a].toLowerCase().indexOf(q) >= 0 ||
            (names[a] != null && String(names[a]).toLowerCase().indexOf(q) >= 0);
          if (!hit && st.level === 'organisation' && orgOf[a] >= 0 && organisations[orgOf[a]] != null)
            hit = String(organisations[orgOf[a]]).toLowerCase().indexOf(q) >= 0;
          if (!hit && st.level === 'unit' && unitOf[a] >= 0 && units[unitOf[a]] != null)
            hit = String(units[unitOf[a]]).toLowerCase().indexOf(q) >= 0;
          if (hit) out.push(a);
        }
        return out;
      },
      actorsOfOrgs: function (orgs) {
        var want = new Uint8Array(organisations.length + 1), out = [];
        (orgs || []).forEach(function (o) { if (o >= 0 && o < organisations.length) want[o] = 1; });
        for (var a = 0; a < n; a++) if (orgOf[a] >= 0 && want[orgOf[a]]) out.push(a);
        return out;
      },
      resetZoom: function () { sel.transition().duration(400).call(zoom.transform, d3.zoomIdentity); },
      zoomBy: function (f) { sel.transition().duration(250).call(zoom.scaleBy, f); },
      resize: function () { fit(); if (cur) { recomputeTies(); } requestDraw(); },
      redrawNow: function () { draw(); return lastDrawMs; },
      lastDrawMs: function () { return lastDrawMs; },
      /* what a drawn node is, for the tooltip */
      info: function (g) {
        var M = cur;
        if (!M || g < 0 || g >= M.G) return null;
        var out = { level: M.level, members: [], drawnMembers: M.drawnCount[g] };
        for (var j = M.start[g]; j < M.start[g + 1]; j++) out.members.push(M.memb[j]);
        if (M.identity) out.actor = g;
        else { out.label = M.label[g]; out.org = M.gorg[g]; out.unit = M.gunit[g]; out.single = M.start[g + 1] - M.start[g] === 1 && (M.level === 'unit' ? unitOf[out.members[0]] < 0 : orgOf[out.members[0]] < 0); }
        return out;
      },
      measureValue: measureValue,
      orgColour: function (o) { return o >= 0 && o < organisations.length ? colourFor(orgColourIdx[o]) : GREY; },
      typeColour: function (ty) { return colourFor(ty >= 0 && ty < types.length ? ty : -1); },
      orgRank: function () { return orgRank.slice(); },
      orgSizes: function () { return orgSize.slice(); },
      state: function () {
        var hl = [];
        for (var a = 0; a < n; a++) if (st.hl[a]) hl.push(ids[a]);
        return { level: st.level, window: st.window, drawnNodes: drawnNodes, drawnTies: drawnTies, highlighted: hl };
      }
    };

    fit();
    cur = levelModel(api.levels()[0]);
    st.level = cur.level;
    placeGroups(cur);
    recomputeNodes();
    recomputeTies();
    draw();
    return api;
  }

  window.SamnettMap = { create: create, palette: palette };
})();
