/* mkdocs-workbook: the My workbook page. Every answer read-only, takes of a checklist compared
   (table and inline SVG chart), export, import and clear of the whole workbook. Only that page
   loads this file; storage, records and scoring come from workbook.js through the `workbook` global. */
(() => {
  "use strict";

  const api = (window.workbook = window.workbook || {});
  // Material's instant navigation runs this file again on every visit to the page: set up once.
  if (api.myWorkbook) return;

  // Version of the export file; 2 added `takes`. Files of every version up to it can be imported.
  const EXPORT_FORMAT = "mkdocs-workbook-answers";
  const EXPORT_VERSION = 2;
  const ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

  const courseKeys = (prefix) => {
    try {
      return Object.keys(window.localStorage).filter((key) => key.startsWith(prefix));
    } catch (error) {
      return [];
    }
  };

  // Every entry of the course by exercise id, read (and migrated) once: {record}, {newer} or {damaged}.
  const readAll = (prefix) => {
    const entries = {};
    courseKeys(prefix).filter((key) => !key.includes(":unreadable:")).forEach((key) => { entries[key.slice(prefix.length)] = api.read(key); });
    return entries;
  };

  // Order does not matter: an import may list the same answers in another order.
  const sameAnswers = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((key) => key in b && api.same(a[key], b[key]));

  // --- showing answers, takes and the change between takes ----------------

  // Shows one answer as text (choices by their labels) or as a table; false when there is none.
  const showAnswer = (answer, value) => {
    const text = answer.querySelector("[data-workbook-answer-text]");
    const table = answer.querySelector("table");
    const labels = Array.from(answer.querySelectorAll("[data-value]"));
    text.hidden = false;
    if (table) table.hidden = true;
    if (value === undefined) {
      text.textContent = "–";
      return false;
    }
    if (table && Array.isArray(value)) {
      const columns = Array.from(table.querySelectorAll("th"), (th) => th.dataset.column);
      const body = table.tBodies[0];
      body.replaceChildren();
      value.filter((row) => row && Object.keys(row).length).forEach((row) => {
        const tr = body.insertRow();
        columns.forEach((column) => { tr.insertCell().textContent = typeof row[column] === "string" ? row[column] : ""; });
      });
      table.hidden = false;
      text.hidden = true;
    } else if (labels.length) {
      const chosen = (Array.isArray(value) ? value : [value]).map(String);
      text.textContent = labels.filter((label) => chosen.includes(label.dataset.value)).map((label) => label.textContent).join("; ") || "–";
    } else {
      text.textContent = String(value);
    }
    return true;
  };

  const table = (caption, head, rows) => {
    const element = document.createElement("table");
    element.className = "workbook-table";
    element.createCaption().textContent = caption;
    const header = element.createTHead().insertRow();
    head.forEach((text) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      header.append(th);
    });
    const body = element.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((text) => { tr.insertCell().textContent = text; });
    });
    return element;
  };

  const signed = (change) => (change > 0 ? `+${change}` : String(change));

  const svg = (name, attributes, text) => {
    const element = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.entries(attributes).forEach(([attribute, value]) => element.setAttribute(attribute, value));
    if (text !== undefined) element.textContent = text;
    return element;
  };

  // Two bars per area, the first take's above the latest's, each as a share of the area's highest score.
  // rows: [title, first, latest, max]. Its text alternative is `description`; the numbers are also in a table.
  const chart = (rows, description, firstDate, latestDate) => {
    const width = 400;
    const barWidth = 330;
    const rowHeight = 46;
    const top = 26;
    const element = svg("svg", {
      class: "workbook-chart", role: "img", "aria-label": description,
      viewBox: `0 0 ${width} ${top + rows.length * rowHeight}`, preserveAspectRatio: "xMinYMin meet",
    });
    [["first", `First take, ${firstDate}`, 0], ["latest", `Latest take, ${latestDate}`, width / 2]].forEach(([kind, text, x]) => {
      element.append(svg("rect", { class: `workbook-chart-${kind}`, x, y: 4, width: 12, height: 12 }), svg("text", { x: x + 18, y: 14 }, text));
    });
    rows.forEach(([title, first, latest, max], index) => {
      const y = top + index * rowHeight;
      element.append(svg("text", { class: "workbook-chart-label", x: 0, y: y + 12 }, `${title} (${signed(latest - first)})`));
      [["first", first, 16], ["latest", latest, 30]].forEach(([kind, value, offset]) => {
        const length = Math.max(1, Math.round((max ? value / max : 0) * barWidth));
        element.append(svg("rect", { class: `workbook-chart-${kind}`, x: 0, y: y + offset, width: length, height: 11 }),
          svg("text", { x: length + 5, y: y + offset + 10 }, String(value)));
      });
    });
    return element;
  };

  // Every take of a checklist with its date and score; from two takes on, the change per area as a chart and a table.
  const showTakes = (card, takes) => {
    const box = card.querySelector("[data-workbook-summary-takes]");
    // Missing from a my-workbook.html copied before takes existed.
    if (!box) return;
    box.replaceChildren();
    box.hidden = takes.length < 2;
    if (box.hidden) return;
    const results = takes.map((take) => api.score(card, take.answers));
    const dates = takes.map((take) => api.day(take.date));
    const first = results[0];
    const latest = results[results.length - 1];
    const areas = api.categories(card).map(([id, title]) => [title, first.categories[id] || api.tally(), latest.categories[id] || api.tally()]);
    const rows = (areas.length ? areas : [["Total", first.all, latest.all]]).map(([title, a, b]) => [title, a.total, b.total, b.max]);
    const description = `Change from your first take (${dates[0]}) to your latest (${dates[dates.length - 1]}): `
      + `${rows.map(([title, a, b, max]) => `${title} from ${a} to ${b} out of ${max} (${signed(b - a)})`).join("; ")}.`;
    const intro = document.createElement("p");
    intro.textContent = `You have taken this self-assessment ${takes.length} times.`;
    box.append(
      intro,
      table("Your takes", ["Date", "Score", "Result"], results.map((result, index) => [dates[index], `${result.all.total} out of ${result.all.max}`, api.bandLabel(result) || "–"])),
      chart(rows, description, dates[0], dates[dates.length - 1]),
      table("Change from your first take to your latest", ["Area", `First take (${dates[0]})`, `Latest take (${dates[dates.length - 1]})`, "Change"],
        (areas.length ? areas.concat([["Total", first.all, latest.all]]) : [["Total", first.all, latest.all]])
          .map(([title, a, b]) => [title, `${a.total} of ${a.max}`, `${b.total} of ${b.max}`, signed(b.total - a.total)])),
    );
  };

  const STATUS = { none: "Not started", some: "In progress", done: "Complete" };

  const orphan = (heading, value) => {
    const item = document.createElement("article");
    const title = document.createElement("h3");
    const body = document.createElement("pre");
    title.textContent = heading;
    body.textContent = JSON.stringify(value, null, 2);
    item.append(title, body);
    return item;
  };

  const summarise = (page) => {
    const entries = readAll(`workbook:${page.dataset.workbookNamespace}:`);
    const statuses = {};
    // Answers this release no longer asks for: kept and shown, never deleted.
    const orphans = [];
    page.querySelectorAll("[data-workbook-summary]").forEach((card) => {
      const id = card.dataset.workbookSummary;
      const { record } = entries[id] || {};
      const answers = record ? record.answers : {};
      let status = "none";
      let known;
      if (card.dataset.workbookKind === "worksheet") {
        const fields = Array.from(card.querySelectorAll("[data-workbook-answer]"));
        known = fields.map((field) => field.dataset.workbookAnswer);
        const shown = fields.filter((field) => showAnswer(field, answers[field.dataset.workbookAnswer])).length;
        status = shown === 0 ? "none" : shown === fields.length ? "done" : "some";
      } else {
        known = Array.from(card.querySelectorAll("[data-workbook-item]"), (item) => item.dataset.workbookItem);
        const takes = record ? record.takes : [];
        const open = Object.keys(answers).length > 0;
        // Between two takes the form is empty: the card shows the latest kept take.
        const result = api.showScore(card, open || !takes.length ? answers : takes[takes.length - 1].answers);
        if (record) status = result.complete ? "done" : "some";
        else card.querySelector("[data-workbook-score]").textContent = "Not taken yet.";
        showTakes(card, open && result.complete ? takes.concat([{ date: record.updated, answers }]) : takes);
      }
      const gone = Object.keys(answers).filter((key) => !known.includes(key));
      // A checklist taken in two chapters has two cards; its answers are listed once.
      if (gone.length && !(id in statuses)) {
        const title = card.querySelector("h3 a").textContent;
        orphans.push(orphan(`${title}: answers to questions no longer asked`, Object.fromEntries(gone.map((key) => [key, answers[key]]))));
      }
      card.querySelector("[data-workbook-status-badge]").textContent = STATUS[status];
      card.dataset.workbookStatus = status;
      statuses[id] = status;
    });

    const progress = (cards) => {
      const counts = { none: 0, some: 0, done: 0 };
      cards.forEach((status) => { counts[status] += 1; });
      return `${counts.done} of ${cards.length} exercises complete, ${counts.some} in progress.`;
    };
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]"), (card) => card.dataset.workbookStatus);
      chapter.querySelector("[data-workbook-progress='chapter']").textContent = progress(cards);
    });
    page.querySelector("[data-workbook-progress='course']").textContent = `Whole course: ${progress(Object.values(statuses))}`;

    Object.entries(entries).filter(([id, entry]) => entry.record && !(id in statuses)).forEach(([id, { record }]) => {
      orphans.push(orphan(id, record.takes.length ? { answers: record.answers, takes: record.takes } : record.answers));
    });
    const section = page.querySelector("[data-workbook-orphans]");
    section.querySelector("[data-workbook-orphan-list]").replaceChildren(...orphans);
    section.hidden = !orphans.length;

    const newer = Object.values(entries).filter((entry) => entry.newer).length;
    const notice = page.querySelector("[data-workbook-newer]");
    if (!notice) return;
    notice.textContent = newer ? `Your answers to ${newer === 1 ? "one exercise were" : `${newer} exercises were`} saved by a newer version of this course. `
      + "They are kept as they are, but this page cannot show them: open the newest version of the course to see them." : "";
    notice.hidden = !newer;
  };

  // --- export, import and clear of the whole workbook --------------------

  const collect = (prefix) => {
    const exercises = {};
    // Damaged entries are reported on their exercise's page, and newer ones left alone: neither is exported.
    Object.entries(readAll(prefix)).filter(([, entry]) => entry.record).forEach(([id, { record }]) => {
      exercises[id] = { kind: record.kind, updated: record.updated, answers: record.answers, takes: record.takes };
    });
    return exercises;
  };

  const download = (name, type, text) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const cell = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

  const tableLines = (element) => {
    const row = (cells) => `| ${Array.from(cells, (td) => cell(td.textContent)).join(" | ")} |`;
    const header = element.tHead.rows[0].cells;
    return [row(header), `|${" --- |".repeat(header.length)}`, ...Array.from(element.tBodies[0].rows, (tr) => row(tr.cells))];
  };

  const actionPlan = (page) => {
    const lines = ["# My workbook", "", `Exported ${new Date().toLocaleDateString()}.`];
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]")).filter((card) => card.dataset.workbookStatus !== "none");
      if (!cards.length) return;
      lines.push("", `## ${chapter.querySelector("h2").textContent.trim()}`);
      cards.forEach((card) => {
        lines.push("", `### ${card.querySelector("h3 a").textContent.trim()}`);
        card.querySelectorAll("[data-workbook-answer]").forEach((answer) => {
          const answerTable = answer.querySelector("table");
          const text = answer.querySelector("[data-workbook-answer-text]").textContent;
          const label = `**${answer.previousElementSibling.textContent.trim()}**`;
          if (answerTable && !answerTable.hidden) lines.push("", label, "", ...tableLines(answerTable));
          else if (text !== "–") lines.push("", label, "", text);
        });
        const score = card.querySelector("[data-workbook-score]");
        if (score) {
          lines.push("", score.textContent);
          card.querySelectorAll("[data-workbook-subscore]").forEach((sub) => lines.push(`- ${sub.textContent.trim()}`));
        }
        card.querySelectorAll("[data-workbook-summary-takes] table").forEach((takes) => lines.push("", `**${takes.caption.textContent}**`, "", ...tableLines(takes)));
      });
    });
    const orphans = page.querySelectorAll("[data-workbook-orphan-list] article");
    if (orphans.length) lines.push("", "## No longer in the course");
    orphans.forEach((item) => lines.push("", `### ${item.querySelector("h3").textContent}`, "", "```json", item.querySelector("pre").textContent, "```"));
    return `${lines.join("\n")}\n`;
  };

  // A file we did not write, from a newer release, or damaged, is refused with the reason; nothing changes.
  const parseImport = (text, namespace) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: "This file is damaged or is not an export of answers (it is not valid JSON). Nothing was changed." };
    }
    if (!data || data.format !== EXPORT_FORMAT) return { error: "This file is not an export of answers from a workbook. Nothing was changed." };
    if (!Number.isInteger(data.version) || data.version < 1) return { error: "This file is damaged: its version is missing. Nothing was changed." };
    if (data.version > EXPORT_VERSION) return { error: "This file was made by a newer version of the workbook. Open the newest version of the course to import it. Nothing was changed." };
    if (data.course !== namespace) return { error: "This file holds answers to a different course. Nothing was changed." };
    const valid = ([id, record]) => ID.test(id) && api.isObject(record) && api.isObject(record.answers)
      && (record.takes === undefined || (Array.isArray(record.takes) && record.takes.every(api.isTake)));
    if (!api.isObject(data.exercises) || !Object.entries(data.exercises).every(valid)) {
      return { error: "This file is damaged: its answers are not in the expected form. Nothing was changed." };
    }
    return { exercises: data.exercises };
  };

  // Both lists of takes, each take once, oldest first.
  const mergeTakes = (mine, theirs) => {
    const all = new Map(mine.concat(theirs).map((take) => [JSON.stringify(take), take]));
    return Array.from(all.values()).sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  };

  class WorkbookPage {
    constructor(page) {
      this.page = page;
      this.namespace = page.dataset.workbookNamespace;
      this.prefix = `workbook:${this.namespace}:`;
      this.pending = null;
      page.querySelector("[data-workbook-toolbar]").hidden = false;
      page.addEventListener("click", (event) => this.click(event));
      page.querySelector("input[data-workbook-action='import']").addEventListener("change", (event) => this.read(event.target));
    }

    say(text, alert = false) {
      const alertBox = this.page.querySelector("[data-workbook-page-alert]");
      alertBox.textContent = alert ? text : "";
      alertBox.hidden = !alert;
      this.page.querySelector("[data-workbook-page-status]").textContent = alert ? "" : text;
    }

    exportJson() {
      const exercises = collect(this.prefix);
      const data = { format: EXPORT_FORMAT, version: EXPORT_VERSION, course: this.namespace, exported: new Date().toISOString(), exercises };
      download(`${this.namespace}-answers.json`, "application/json", `${JSON.stringify(data, null, 2)}\n`);
      this.say(`Exported the answers to ${Object.keys(exercises).length} exercises.`);
    }

    click(event) {
      const target = event.target.closest("button");
      if (!target) return;
      const { workbookAction: action, workbookClear: clear, workbookImport: choice } = target.dataset;
      const confirm = this.page.querySelector("[data-workbook-clear-confirm]");
      if (action === "export") this.exportJson();
      if (action === "export-markdown") {
        download(`${this.namespace}-action-plan.md`, "text/markdown", actionPlan(this.page));
        this.say("Exported your answers as a Markdown action plan.");
      }
      if (action === "clear") {
        confirm.hidden = false;
        confirm.querySelector("[data-workbook-clear='no']").focus();
      }
      if (clear === "export") this.exportJson();
      if (clear === "yes") {
        courseKeys(this.prefix).forEach((key) => api.storage.remove(key));
        summarise(this.page);
        this.say("Every answer in this workbook was deleted from this browser.");
      }
      if (clear === "yes" || clear === "no") confirm.hidden = true;
      if (choice) this.apply(choice);
    }

    read(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      file.text().then((text) => {
        input.value = "";
        const parsed = parseImport(text, this.namespace);
        if (parsed.error) {
          this.say(parsed.error, true);
          return;
        }
        this.preview(parsed.exercises);
      });
    }

    mine(id) {
      return api.read(this.prefix + id).record || { answers: {}, takes: [] };
    }

    preview(exercises) {
      const list = this.page.querySelector("[data-workbook-import-list]");
      list.replaceChildren();
      let conflicts = 0;
      Object.entries(exercises).forEach(([id, record]) => {
        const mine = this.mine(id);
        const keys = Object.keys(record.answers);
        const added = keys.filter((key) => !(key in mine.answers)).length;
        const differ = keys.filter((key) => key in mine.answers && !api.same(mine.answers[key], record.answers[key])).length;
        const takes = mergeTakes(mine.takes, record.takes || []).length - mine.takes.length;
        conflicts += differ;
        const card = this.page.querySelector(`[data-workbook-summary="${id}"] h3 a`);
        const item = document.createElement("li");
        item.textContent = `${card ? card.textContent : id}: ${added} new, ${differ} different, ${keys.length - added - differ} the same`
          + (takes ? `, ${takes} earlier ${takes === 1 ? "take" : "takes"} to add` : "");
        list.append(item);
      });
      this.pending = exercises;
      const box = this.page.querySelector("[data-workbook-import-preview]");
      box.querySelector("[data-workbook-import-question]").hidden = !conflicts;
      box.querySelector("[data-workbook-import='keep']").textContent = conflicts ? "Import, keep my answers where they differ" : "Import";
      box.querySelector("[data-workbook-import='replace']").hidden = !conflicts;
      box.hidden = false;
      box.querySelector("[data-workbook-import='cancel']").focus();
      this.say("");
    }

    apply(choice) {
      this.page.querySelector("[data-workbook-import-preview]").hidden = true;
      const exercises = this.pending;
      this.pending = null;
      if (choice === "cancel" || !exercises) {
        this.say("Import cancelled; nothing was changed.");
        return;
      }
      let newer = 0;
      const failed = Object.entries(exercises).filter(([id, file]) => {
        const key = this.prefix + id;
        const found = api.read(key);
        if (found.newer) {
          newer += 1;
          return false;
        }
        if (found.damaged) api.setAside(key, found.damaged);
        const mine = found.record || { answers: {}, takes: [] };
        const answers = choice === "keep" ? Object.assign({}, file.answers, mine.answers) : Object.assign({}, mine.answers, file.answers);
        // Answers keep the time they were given: a take made from them later carries that date.
        const updated = found.record && sameAnswers(answers, mine.answers) ? mine.updated : sameAnswers(answers, file.answers) ? file.updated : undefined;
        const record = api.makeRecord(id, file.kind || mine.kind, answers, mergeTakes(mine.takes, file.takes || []), updated);
        return api.write(key, record) !== null;
      });
      summarise(this.page);
      const count = Object.keys(exercises).length - newer;
      if (failed.length) this.say(api.MESSAGES.full, true);
      else this.say(`Imported the answers to ${count} exercises.${newer ? ` ${newer} were left as they are: a newer version of the course saved them.` : ""}`);
    }
  }

  api.myWorkbook = (page) => {
    // User Timing, like "workbook:setup" in workbook.js: benchmarks read "workbook:my-workbook" in the performance timeline.
    performance.mark("workbook:my-workbook-start");
    summarise(page);
    if (!page.dataset.workbookReady) {
      page.dataset.workbookReady = "true";
      new WorkbookPage(page);
    }
    performance.measure("workbook:my-workbook", "workbook:my-workbook-start");
  };

  // Another tab saved answers: My workbook shows them at once. Only once the page is set up: this file
  // stands in the page, and a long page can get the event before workbook.js (at its end) has loaded.
  window.addEventListener("storage", () => document.querySelectorAll("[data-workbook-my-workbook][data-workbook-ready]").forEach(summarise));
})();
