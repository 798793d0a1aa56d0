/* mkdocs-workbook: the facilitator's debrief page. Reads the share files (and full exports) participants give the
   facilitator, in this browser only, and shows the group's picture of each checklist: how many people, the spread of
   each score, the answers to each statement, the change from first to latest take. Nothing is sent or kept; no chart
   is drawn from fewer people than the page's threshold. Only that page loads this file; scoring, checks, files and
   Markdown come from workbook.js through the `workbook` global. */
(() => {
  "use strict";

  const api = (window.workbook = window.workbook || {});
  if (api.debrief) return;

  // Every word the page writes comes from the catalogue of the page's language (debrief.html puts the "debrief."
  // messages on the page's root; `api.learn` takes them in); numbers are written the language's way, to two decimals.
  const t = (id, values) => api.t(`debrief.${id}`, values);
  const number = (value) => api.number(Math.round(value * 100) / 100);
  const people = (count) => t("people", { count });
  const TEXT = {
    refused: (problem) => t(`refused.${problem}`),
    duplicate: (other) => t("duplicate", { other }),
    status: (files, counted, duplicates, refused) => t("status", {
      count: files,
      parts: [t("counted", { count: counted }), duplicates && t("duplicates", { count: duplicates }), refused && t("not_counted", { count: refused })]
        .filter(Boolean).join(t("status_separator")),
    }),
    total: (count) => (count ? t("total", { count }) : t("no_files")),
    checklistPeople: (count) => (count ? t("checklist_people", { count }) : t("nobody")),
    withheld: (count) => t("withheld", { count }),
    scoreLine: (n, mean, low, high, min, max) => t("score_line", { people: people(n), mean: number(mean), low: number(low), high: number(high), min: number(min), max: number(max) }),
    chartLabel: (title, n, bins) => t("chart_label", { title, people: people(n), bins: api.joinList(bins.map((bin) => t("chart_bin", { label: bin.label, count: bin.count }))) }),
    band: (label, from, to, count) => t("band", { label, from: number(from), to: number(to), people: people(count) }),
    changeLabel: (rows) => t("change_label", { changes: api.joinList(rows.map(([title, first, latest, change]) => t("change_row", { title, first, latest, change }))) }),
    csvHead: () => ["checklist", "part", "label", "measure", "value"].map((column) => t(`csv.${column}`)),
    withheldValue: (count) => t("csv.withheld", { count }),
  };

  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const DAY = /^\d{4}-\d{2}-\d{2}$/;

  const element = (name, attributes = {}, ...children) => {
    const made = document.createElement(name);
    Object.entries(attributes).forEach(([attribute, value]) => made.setAttribute(attribute, value));
    made.append(...children);
    return made;
  };

  // --- one file: a share, or a full export reduced to the same ------------------------------------------------

  // What the page knows of each checklist: its summary root (scored like the checklist) and its statements.
  const checklistsOf = (page) => new Map(Array.from(page.querySelectorAll("[data-workbook-debrief]"), (root) => [
    root.dataset.workbookDebrief,
    { root, items: Object.keys(api.keyOf(root).items) },
  ]));

  const isTexts = (texts) => api.isObject(texts) && Object.entries(texts).every(([exercise, fields]) => api.ID.test(exercise)
    && api.isObject(fields) && Object.entries(fields).every(([field, text]) => api.ID.test(field) && typeof text === "string"));
  const isShareTake = (take) => api.isObject(take) && DAY.test(take.date) && api.isAnswers(take.answers);

  // What is wrong with a share file for this course (as exportProblem words it for an export), or null.
  const shareProblem = (data, namespace) => {
    if (!Number.isInteger(data.version) || data.version < 1) return "no-version";
    if (data.version > api.SHARE_VERSION) return "newer";
    if (data.course !== namespace) return "other-course";
    const valid = typeof data.id === "string" && /^[0-9a-f]{8,64}$/.test(data.id) && DAY.test(data.shared) && api.isObject(data.checklists)
      && Object.entries(data.checklists).every(([id, checklist]) => api.ID.test(id) && api.isObject(checklist)
        && Array.isArray(checklist.takes) && checklist.takes.every(isShareTake))
      && (data.texts === undefined || isTexts(data.texts));
    return valid ? null : "damaged";
  };

  // One person's shared data: {checklists: {id: [{date, answers}] oldest first}, texts}, only what this course asks.
  const person = (checklists, texts) => {
    const known = {};
    checklists.forEach(([id, takes]) => {
      if (known[id] === undefined && page.checklists.has(id)) {
        const items = page.checklists.get(id).items;
        const kept = takes.map((take) => ({ date: take.date, answers: Object.fromEntries(Object.entries(take.answers).filter(([item]) => items.includes(item))) }))
          .filter((take) => Object.keys(take.answers).length);
        // Sorted by day; takes of one day keep their order, which is the order they were taken in.
        if (kept.length) known[id] = kept.map((take, index) => [take, index]).sort((a, b) => a[0].date.localeCompare(b[0].date) || a[1] - b[1]).map(([take]) => take);
      }
    });
    return { checklists: known, texts: texts || {} };
  };

  // {person, key (the same share read twice has the same key)} or {problem}.
  const readFile = (text, namespace) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { problem: "json" };
    }
    let found;
    if (api.isObject(data) && data.format === api.SHARE_FORMAT) {
      const problem = shareProblem(data, namespace);
      if (problem) return { problem };
      found = { person: person(Object.entries(data.checklists).map(([id, checklist]) => [id, checklist.takes]), data.texts), key: `share:${data.id}` };
    } else {
      const problem = api.exportProblem(data, namespace);
      if (problem) return { problem };
      // Reduced as a share of every checklist would be: each scored take, dated to the day; no text.
      const takes = Object.entries(data.exercises).filter(([id]) => page.checklists.has(id)).map(([id, record]) => [id, api.shareTakes(
        page.checklists.get(id).root, { answers: record.answers, takes: record.takes || [], updated: api.isDate(record.updated) ? record.updated : data.exported },
      )]);
      found = { person: person(takes), key: "" };
      found.key = `export:${JSON.stringify(found.person)}`;
    }
    const empty = !Object.keys(found.person.checklists).length && !Object.keys(found.person.texts).length;
    return empty ? { problem: "empty" } : found;
  };

  // --- the group's picture, as data: the page, the Markdown and the CSV all show this -------------------------

  // One score (the total or an area's) across people: its spread in bins, its bands. `entries`: each person's
  // {total (the value), min, max, band}; `bands` the key's bands of this score.
  const scoreSummary = (id, title, entries, bands, decimals, minimum) => {
    const values = entries.map((entry) => entry.total);
    const summary = { id, title, n: values.length };
    if (values.length < minimum) return Object.assign(summary, { withheld: true });
    const { min, max } = entries[0];
    // Up to ten bars: one per point of a short range of whole numbers, else ranges of equal width.
    const whole = decimals === 0 && Number.isInteger(min) && Number.isInteger(max);
    const count = whole ? Math.ceil((max - min + 1) / Math.max(1, Math.ceil((max - min + 1) / 10))) : 8;
    const width = whole ? Math.max(1, Math.ceil((max - min + 1) / 10)) : (max - min) / count || 1;
    const bins = [];
    for (let index = 0; index < count; index += 1) {
      const from = min + index * width;
      const to = whole ? Math.min(max, from + width - 1) : (index === count - 1 ? max : from + width);
      bins.push({ from, to, label: from === to ? number(from) : `${number(from)}–${number(to)}`, count: 0 });
    }
    values.forEach((value) => { bins[Math.min(count - 1, Math.max(0, Math.floor((value - min) / width)))].count += 1; });
    return Object.assign(summary, {
      mean: mean(values), low: Math.min(...values), high: Math.max(...values), min, max, bins,
      bands: bands.map((band) => ({ label: band.label, from: band.from, to: band.to, count: entries.filter((entry) => entry.band === band.label).length })),
    });
  };

  // A stored answer as the key and the page name it ("3", "true"); an empty tick box of a scored take is a no.
  const answerOf = (kind, value) => {
    if (typeof value === "boolean" || Number.isInteger(value)) return String(value);
    return kind === "tick" ? "false" : undefined;
  };

  // Each statement's answers across people, in tables of statements with the same answers.
  const statementTables = (root, key, latest, minimum) => {
    const tables = [];
    root.querySelectorAll("[data-workbook-item]").forEach((item) => {
      const id = item.dataset.workbookItem;
      const kind = key.items[id].answers;
      const choices = Array.from(item.querySelectorAll("[data-workbook-point]"), (point) => ({ value: point.dataset.workbookPoint, label: point.textContent.trim() }));
      const given = latest.map((take) => answerOf(kind, take.answers[id])).filter((value) => choices.some((choice) => choice.value === value));
      const row = { id, text: item.querySelector("[data-workbook-item-text]").textContent.trim(), n: given.length };
      if (given.length < minimum) row.withheld = true;
      else {
        row.counts = choices.map((choice) => given.filter((value) => value === choice.value).length);
        row.mean = kind === "likert" ? mean(given.map(Number)) : null;
      }
      const same = JSON.stringify(choices);
      const last = tables[tables.length - 1];
      if (last && last.same === same) last.rows.push(row);
      else tables.push({ same, choices, likert: kind === "likert", rows: [row] });
    });
    return tables;
  };

  const checklistSummary = (id, people, minimum) => {
    const { root } = page.checklists.get(id);
    const key = api.keyOf(root);
    const title = root.querySelector("h2").textContent.trim();
    // The scores the checklist shows: the total (unless it shows subscores only), then each category's.
    const shown = [...(key.scores[0].show ? [["total", t("total_score")]] : []), ...api.categories(root)];
    const bandsOf = (area) => key.scores.find((spec) => spec.category === (area === "total" ? null : area)).bands;
    const pick = (result, area) => (area === "total" ? result : result.categories[area]);
    const takes = people.map((one) => one.checklists[id]).filter(Boolean);
    const latest = takes.map((list) => list[list.length - 1]);
    // Scored here, from the answers (the files' own scores are not trusted): the one function sharing scores with.
    const results = latest.map((take) => api.shareScores(root, take.answers));
    const scores = shown.map(([area, areaTitle]) => scoreSummary(area, areaTitle,
      results.filter(Boolean).map((result) => pick(result, area)).filter((entry) => entry && entry.total !== null), bandsOf(area), key.decimals, minimum));
    // First and latest take of everyone who shared two or more, scored.
    const pairs = takes.filter((list) => list.length > 1)
      .map((list) => [api.shareScores(root, list[0].answers), api.shareScores(root, list[list.length - 1].answers)])
      .filter(([first, last]) => first && last);
    const change = { n: pairs.length };
    if (pairs.length && pairs.length < minimum) change.withheld = true;
    else if (pairs.length) {
      change.rows = [...shown.slice(key.scores[0].show ? 1 : 0), ...shown.slice(0, key.scores[0].show ? 1 : 0)].map(([area, areaTitle]) => {
        const both = pairs.map(([a, b]) => [pick(a, area), pick(b, area)]).filter(([a, b]) => a && b && a.total !== null && b.total !== null);
        const row = { id: area, title: areaTitle, n: both.length };
        if (both.length < minimum) return Object.assign(row, { withheld: true });
        const first = mean(both.map(([a]) => a.total));
        const last = mean(both.map(([, b]) => b.total));
        return Object.assign(row, { first, latest: last, change: last - first, max: both[0][0].max });
      });
    }
    return {
      id, title, people: takes.length, unscored: results.filter((result) => !result).length, scores,
      tables: statementTables(root, key, latest, minimum), change,
    };
  };

  const textSummary = (people, minimum) => Array.from(page.root.querySelectorAll("[data-workbook-debrief-text]"), (box) => {
    const exercise = box.dataset.workbookDebriefText;
    const field = box.dataset.workbookDebriefField;
    const texts = people.map((one) => (one.texts[exercise] || {})[field]).filter((text) => typeof text === "string" && text.trim());
    const summary = { exercise, field, title: box.querySelector("h3").textContent.trim(), n: texts.length };
    return texts.length < minimum ? Object.assign(summary, { withheld: texts.length > 0 }) : Object.assign(summary, { texts: texts.slice().sort((a, b) => a.localeCompare(b)) });
  });

  const summarise = () => {
    const people = Array.from(page.people.values());
    const chosen = page.chosen();
    return {
      people: people.length,
      minimum: page.minimum,
      checklists: Array.from(page.checklists.keys()).filter((id) => chosen.includes(id)).map((id) => checklistSummary(id, people, page.minimum)),
      texts: textSummary(people, page.minimum).filter((text) => text.n),
    };
  };

  // --- on the page --------------------------------------------------------------------------------------------

  const withheldNote = () => element("p", { class: "workbook-debrief-withheld", "data-workbook-debrief-withheld": "" }, TEXT.withheld(page.minimum));

  const presentButton = () => element("button", { type: "button", class: "md-button workbook-button workbook-debrief-present", "data-workbook-action": "debrief-present" }, t("present"));

  // A figure that can be shown full screen; `id` says what it shows (data-workbook-debrief-chart).
  const figure = (id, title, note, ...body) => element("figure", { class: "workbook-debrief-figure", "data-workbook-debrief-chart": id },
    element("figcaption", {}, element("strong", {}, title), note ? element("span", { class: "workbook-debrief-note" }, note) : ""), ...body, presentButton());

  // Bars of how many people scored in each range; its text alternative lists every bar.
  const histogram = (score) => {
    const width = 400;
    const height = 150;
    const base = 120;
    const slot = width / score.bins.length;
    const most = Math.max(1, ...score.bins.map((bin) => bin.count));
    const { svg } = api;
    const chart = svg("svg", { class: "workbook-debrief-bars", role: "img", "aria-label": TEXT.chartLabel(score.title, score.n, score.bins), viewBox: `0 0 ${width} ${height}` });
    score.bins.forEach((bin, index) => {
      const x = index * slot;
      const tall = Math.round((bin.count / most) * (base - 20));
      chart.append(
        svg("rect", { x: x + slot * 0.1, y: base - tall, width: slot * 0.8, height: Math.max(tall, 1), class: "workbook-debrief-bar" }),
        svg("text", { x: x + slot / 2, y: base - tall - 4, "text-anchor": "middle" }, String(bin.count)),
        svg("text", { x: x + slot / 2, y: base + 16, "text-anchor": "middle", class: "workbook-debrief-axis" }, bin.label),
      );
    });
    return chart;
  };

  const scoreFigure = (score) => {
    if (score.withheld) return figure(`score:${score.id}`, score.title, people(score.n), withheldNote());
    const made = figure(`score:${score.id}`, score.title, TEXT.scoreLine(score.n, score.mean, score.low, score.high, score.min, score.max), histogram(score),
      score.bands.length ? element("ul", { class: "workbook-debrief-bands" }, ...score.bands.map((band) => element("li", { "data-workbook-debrief-band": band.label }, TEXT.band(band.label, band.from, band.to, band.count)))) : "");
    made.dataset.workbookDebriefMean = String(score.mean);
    made.dataset.workbookDebriefN = String(score.n);
    return made;
  };

  const table = (head, rows, caption) => {
    const made = element("table", { class: "workbook-table" });
    if (caption) made.createCaption().textContent = caption;
    const header = made.createTHead().insertRow();
    head.forEach((text) => header.append(element("th", { scope: "col" }, text)));
    const body = made.createTBody();
    rows.forEach((cells) => {
      const row = body.insertRow();
      cells.forEach((text, index) => row.append(index ? element("td", {}, text) : element("th", { scope: "row" }, text)));
    });
    return made;
  };

  // A statement's cells: how many gave each answer, and the mean of a scale's answers.
  const statementCells = (table, row) => [
    ...(row.withheld ? table.choices.map(() => "–") : row.counts.map(String)),
    ...(table.likert ? [row.withheld ? "–" : number(row.mean)] : []),
  ];
  const statementHead = (table) => [t("statement"), ...table.choices.map((choice) => choice.label), ...(table.likert ? [t("mean")] : [])];

  // One bar of a statement's answers, left to right as the columns, each answer a deeper shade: the numbers
  // beside it say the same, so it is hidden from screen readers.
  const spreadBar = (counts) => {
    const all = counts.reduce((sum, count) => sum + count, 0) || 1;
    const bar = api.svg("svg", { class: "workbook-debrief-spread", viewBox: "0 0 100 10", preserveAspectRatio: "none", "aria-hidden": "true" });
    let x = 0;
    counts.forEach((count, index) => {
      const width = (count / all) * 100;
      bar.append(api.svg("rect", { x, y: 0, width, height: 10, "fill-opacity": String(0.2 + (0.8 * index) / Math.max(1, counts.length - 1)) }));
      x += width;
    });
    return bar;
  };

  const itemsFigure = (summary) => {
    const rows = summary.tables.flatMap((part) => part.rows);
    const n = Math.max(0, ...rows.map((row) => row.n));
    if (rows.every((row) => row.withheld)) return figure("items", t("items"), people(n), withheldNote());
    return figure("items", t("items"), t("items_note", { count: n }), ...summary.tables.map((part) => {
      const made = table([...statementHead(part), t("spread")], part.rows.map((row) => [row.text, ...statementCells(part, row), ""]));
      made.querySelectorAll("tbody tr").forEach((tr, index) => {
        const row = part.rows[index];
        tr.dataset.workbookDebriefItem = row.id;
        if (!row.withheld) tr.lastElementChild.append(spreadBar(row.counts));
      });
      return made;
    }));
  };

  const changeRow = (row) => [row.title, ...(row.withheld ? ["–", "–", "–"] : [number(row.first), number(row.latest), api.signed(row.change, 2)])];

  const changeFigure = (change) => {
    if (!change.n) return figure("change", t("change"), t("no_change"));
    if (change.withheld) return figure("change", t("change"), people(change.n), withheldNote());
    const drawn = change.rows.filter((row) => !row.withheld);
    const bars = drawn.map((row) => [row.title, { value: row.first, decimals: 2 }, { value: row.latest, decimals: 2 }, row.max]);
    const description = TEXT.changeLabel(drawn.map((row) => changeRow(row)));
    const made = figure("change", t("change"), t("change_note", { count: change.n }), drawn.length ? api.changeChart(bars, description, t("first"), t("latest")) : "",
      table([t("area"), t("first"), t("latest"), t("difference")], change.rows.map(changeRow)));
    made.querySelectorAll("tbody tr").forEach((row, index) => {
      row.dataset.workbookDebriefArea = change.rows[index].id;
      if (!change.rows[index].withheld) row.dataset.workbookDebriefChange = String(change.rows[index].change);
    });
    return made;
  };

  const show = () => {
    const summary = summarise();
    const total = page.root.querySelector(":scope > [data-workbook-debrief-count]");
    total.dataset.workbookDebriefCount = String(summary.people);
    total.textContent = TEXT.total(summary.people);
    page.checklists.forEach(({ root }, id) => {
      const found = summary.checklists.find((checklist) => checklist.id === id);
      root.hidden = !found;
      // Not on paper: a checklist nobody shared.
      root.classList.toggle("workbook-debrief-checklist--empty", !found || !found.people);
      const count = root.querySelector("[data-workbook-debrief-count]");
      const results = root.querySelector("[data-workbook-debrief-results]");
      results.replaceChildren();
      if (!found) return;
      count.dataset.workbookDebriefCount = String(found.people);
      count.textContent = TEXT.checklistPeople(found.people);
      if (!found.people) return;
      results.append(element("div", { class: "workbook-debrief-scores" }, ...found.scores.map(scoreFigure)));
      if (found.unscored) results.append(element("p", {}, t("unscored", { count: found.unscored })));
      results.append(itemsFigure(found), changeFigure(found.change));
    });
    const texts = page.root.querySelector("[data-workbook-debrief-texts]");
    texts.hidden = !summary.texts.length;
    texts.querySelectorAll("[data-workbook-debrief-text]").forEach((box) => {
      const found = summary.texts.find((text) => text.exercise === box.dataset.workbookDebriefText && text.field === box.dataset.workbookDebriefField);
      box.hidden = !found;
      box.querySelector("[data-workbook-debrief-text-list]").replaceChildren(...(!found ? [] : found.texts
        ? [element("ul", {}, ...found.texts.map((text) => element("li", {}, text)))] : [withheldNote()]));
    });
    return summary;
  };

  // --- the summary saved: Markdown and CSV, from the same data as the page ------------------------------------

  const toMarkdown = (summary) => {
    const text = api.markdownText;
    const lines = [`# ${api.markdownText(t("title"))}`, "", text(t("made", { date: api.day(new Date().toISOString()) })), "", text(TEXT.total(summary.people))];
    summary.checklists.forEach((checklist) => {
      lines.push("", `## ${text(checklist.title)}`, "", text(TEXT.checklistPeople(checklist.people)));
      if (!checklist.people) return;
      checklist.scores.forEach((score) => {
        lines.push("", `### ${text(score.title)}`, "");
        if (score.withheld) {
          lines.push(text(TEXT.withheld(summary.minimum)));
          return;
        }
        lines.push(text(TEXT.scoreLine(score.n, score.mean, score.low, score.high, score.min, score.max)), "",
          ...api.markdownTable([t("score"), t("people_head")], score.bins.map((bin) => [bin.label, bin.count])));
        if (score.bands.length) lines.push("", ...score.bands.map((band) => `- ${text(TEXT.band(band.label, band.from, band.to, band.count))}`));
      });
      lines.push("", `### ${text(t("items"))}`);
      if (checklist.tables.every((part) => part.rows.every((row) => row.withheld))) lines.push("", text(TEXT.withheld(summary.minimum)));
      else checklist.tables.forEach((part) => lines.push("", ...api.markdownTable(statementHead(part), part.rows.map((row) => [row.text, ...statementCells(part, row)]))));
      const { change } = checklist;
      lines.push("", `### ${text(t("change"))}`, "");
      if (!change.n) lines.push(text(t("no_change")));
      else if (change.withheld) lines.push(text(TEXT.withheld(summary.minimum)));
      else {
        lines.push(text(t("change_note", { count: change.n })), "", ...api.markdownTable([t("area"), t("first"), t("latest"), t("difference")],
          change.rows.map(changeRow)));
      }
    });
    if (summary.texts.length) lines.push("", `## ${text(t("texts"))}`);
    summary.texts.forEach((field) => {
      lines.push("", `### ${text(field.title)}`, "");
      if (field.withheld) lines.push(text(TEXT.withheld(summary.minimum)));
      else field.texts.forEach((words) => lines.push(`- ${text(words).replace(/ {2}\n/g, "  \n  ")}`));
    });
    return `${lines.join("\n")}\n`;
  };

  // A cell a spreadsheet reads as text: quoted, and never as a formula.
  const csvCell = (value) => {
    if (typeof value === "number") return String(value);
    const textValue = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return `"${textValue.replace(/"/g, '""')}"`;
  };

  const toCsv = (summary) => {
    const rows = [TEXT.csvHead()];
    const withheld = TEXT.withheldValue(summary.minimum);
    summary.checklists.forEach((checklist) => {
      // `measure` names a debrief.csv.* message.
      const row = (part, label, measure, value) => rows.push([checklist.id, part, label, t(`csv.${measure}`), value]);
      row("people", "", "count", checklist.people);
      if (!checklist.people) return;
      checklist.scores.forEach((score) => {
        const part = `score:${score.id}`;
        row(part, score.title, "people", score.n);
        if (score.withheld) {
          row(part, score.title, "values", withheld);
          return;
        }
        row(part, score.title, "mean", score.mean);
        row(part, score.title, "lowest", score.low);
        row(part, score.title, "highest", score.high);
        score.bins.forEach((bin) => row(part, bin.label, "in_range", bin.count));
        score.bands.forEach((band) => row(part, band.label, "in_band", band.count));
      });
      checklist.tables.forEach((table) => table.rows.forEach((item) => {
        const part = `item:${item.id}`;
        row(part, item.text, "people", item.n);
        if (item.withheld) row(part, item.text, "values", withheld);
        else {
          table.choices.forEach((choice, index) => row(part, choice.label, "answered", item.counts[index]));
          if (table.likert) row(part, item.text, "mean", item.mean);
        }
      }));
      const { change } = checklist;
      if (change.n) row("change", "", "two_takes", change.n);
      if (change.withheld) row("change", "", "values", withheld);
      (change.rows || []).forEach((area) => {
        if (area.withheld) {
          row(`change:${area.id}`, area.title, "values", withheld);
          return;
        }
        row(`change:${area.id}`, area.title, "first_mean", area.first);
        row(`change:${area.id}`, area.title, "latest_mean", area.latest);
        row(`change:${area.id}`, area.title, "change", area.change);
      });
    });
    return `${rows.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
  };

  // --- the page: files in, choices, presenting, saving --------------------------------------------------------

  // One page at a time; instant navigation to it again sets it up afresh (and with it, forgets the files).
  let page = null;

  class DebriefPage {
    constructor(root) {
      this.root = root;
      this.namespace = root.dataset.workbookNamespace;
      this.minimum = Math.max(1, Number(root.dataset.workbookMinPeople) || 3);
      this.checklists = checklistsOf(root);
      // Everyone counted, by the key of their file; and each file's name by key, to name a duplicate's first copy.
      this.people = new Map();
      this.names = new Map();
      root.querySelector("[data-workbook-debrief-nojs]").hidden = true;
      root.querySelector("[data-workbook-debrief-intake]").hidden = false;
      // The agenda's link says which checklists its workshop uses: those are chosen, the others not.
      const wanted = new URLSearchParams(window.location.search).get("checklists");
      const ids = wanted ? wanted.split(",") : null;
      this.choices = Array.from(root.querySelectorAll("[data-workbook-debrief-choice] input"));
      this.choices.forEach((input) => { input.checked = !ids || ids.includes(input.value); });
      root.addEventListener("change", (event) => {
        if (event.target.matches("[data-workbook-action='debrief-import']")) this.open(event.target.files).then(() => { event.target.value = ""; });
        else if (this.choices.includes(event.target)) show();
      });
      root.addEventListener("click", (event) => this.click(event));
      const drop = root.querySelector("[data-workbook-debrief-drop]");
      drop.addEventListener("dragover", (event) => {
        event.preventDefault();
        drop.classList.add("workbook-debrief-drop--over");
      });
      drop.addEventListener("dragleave", () => drop.classList.remove("workbook-debrief-drop--over"));
      drop.addEventListener("drop", (event) => {
        event.preventDefault();
        drop.classList.remove("workbook-debrief-drop--over");
        this.open(event.dataTransfer.files);
      });
      document.addEventListener("fullscreenchange", () => {
        if (!document.fullscreenElement) this.root.querySelectorAll(".workbook-debrief-presenting").forEach((shown) => this.endPresenting(shown));
      });
      root.addEventListener("keydown", (event) => {
        const shown = event.key === "Escape" && root.querySelector(".workbook-debrief-presenting");
        if (shown) this.endPresenting(shown);
      });
    }

    chosen() {
      return this.choices.filter((input) => input.checked).map((input) => input.value);
    }

    // Each file read and counted, or refused with its reason; the rest count whatever one file holds.
    open(list) {
      const files = Array.from(list || []);
      return Promise.all(files.map((file) => file.text().then((text) => readFile(text, this.namespace), () => ({ problem: "unreadable" })))).then((results) => {
        const refused = this.root.querySelector("[data-workbook-debrief-refused]");
        const reasons = [];
        let counted = 0;
        let duplicates = 0;
        results.forEach((result, index) => {
          const name = files[index].name;
          if (result.problem) reasons.push(t("refused_file", { file: name, reason: TEXT.refused(result.problem) }));
          else if (this.people.has(result.key)) {
            duplicates += 1;
            reasons.push(t("refused_file", { file: name, reason: TEXT.duplicate(this.names.get(result.key)) }));
          } else {
            counted += 1;
            this.people.set(result.key, result.person);
            this.names.set(result.key, name);
          }
        });
        refused.replaceChildren(...reasons.map((reason) => element("li", {}, reason)));
        refused.hidden = !reasons.length;
        this.say(TEXT.status(files.length, counted, duplicates, reasons.length - duplicates));
        show();
      });
    }

    say(text) {
      this.root.querySelector("[data-workbook-debrief-status]").textContent = text;
    }

    click(event) {
      const button = event.target.closest("button");
      if (!button) return;
      const action = button.dataset.workbookAction;
      if (action === "debrief-present") {
        const shown = button.closest("figure");
        if (shown.classList.contains("workbook-debrief-presenting")) this.endPresenting(shown);
        else this.present(shown);
      }
      const day = api.shareDay(new Date().toISOString());
      if (action === "debrief-export-markdown") api.download(`${this.namespace}-debrief-${day}.md`, "text/markdown", toMarkdown(summarise()));
      if (action === "debrief-export-csv") api.download(`${this.namespace}-debrief-${day}.csv`, "text/csv", toCsv(summarise()));
      if (action === "debrief-print") window.print();
      if (action === "debrief-clear") {
        this.people.clear();
        this.names.clear();
        this.root.querySelector("[data-workbook-debrief-refused]").hidden = true;
        this.say("");
        show();
      }
    }

    // One chart on the whole screen, big enough to read from the back of the room.
    present(shown) {
      shown.classList.add("workbook-debrief-presenting");
      shown.querySelector("[data-workbook-action='debrief-present']").textContent = t("end_present");
      if (shown.requestFullscreen) shown.requestFullscreen().catch(() => {});
      shown.querySelector("[data-workbook-action='debrief-present']").focus();
    }

    endPresenting(shown) {
      shown.classList.remove("workbook-debrief-presenting");
      const button = shown.querySelector("[data-workbook-action='debrief-present']");
      button.textContent = t("present");
      if (document.fullscreenElement === shown) document.exitFullscreen().catch(() => {});
      button.focus();
    }
  }

  api.debrief = (root) => {
    if (root.dataset.workbookReady) return;
    root.dataset.workbookReady = "true";
    api.learn(root);
    page = new DebriefPage(root);
    show();
  };

  // This file stands in the page: on a first load the page below it and workbook.js (at the page's end) are not
  // there yet; reached by instant navigation, both are.
  const start = () => document.querySelectorAll("[data-workbook-debrief-page]:not([data-workbook-ready])").forEach(api.debrief);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
})();
