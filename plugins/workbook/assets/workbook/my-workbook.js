/* mkdocs-workbook: the My workbook page. Every answer read-only, takes of a checklist compared
   (table and inline SVG chart), export, import and clear of the whole workbook. Only that page
   loads this file; storage, records and scoring come from workbook.js through the `workbook` global. */
(() => {
  "use strict";

  const api = (window.workbook = window.workbook || {});
  // Material's instant navigation runs this file again on every visit to the page: set up once.
  if (api.myWorkbook) return;


  // Shared with workbook.js, which may run after this file: looked up when used.
  const ID = { test: (text) => api.ID.test(text) };
  const download = (name, type, text) => api.download(name, type, text);
  const markdownText = (text) => api.markdownText(text);


  // The entries of one course, matched exactly, so that course "a" never takes "a:b"'s for its own:
  // {ids: exercise ids with an entry, copies: keys of damaged entries set aside}.
  const courseEntries = (prefix) => {
    const ids = [];
    const copies = [];
    let keys = [];
    try {
      keys = Object.keys(window.localStorage);
    } catch (error) {
      // Storage switched off: the course has no entries here.
    }
    keys.filter((key) => key.startsWith(prefix)).forEach((key) => {
      const [id, aside, time, ...rest] = key.slice(prefix.length).split(":");
      if (!ID.test(id)) return;
      if (aside === undefined) ids.push(id);
      else if (aside === "unreadable" && /^\d+$/.test(time || "") && !rest.length) copies.push(key);
    });
    return { ids, copies };
  };

  // Every entry of the course by exercise id, read (and migrated) once: {record}, {newer}, {blocked} or {damaged}.
  const readAll = (prefix) => {
    const entries = {};
    courseEntries(prefix).ids.forEach((id) => { entries[id] = api.read(prefix + id); });
    return entries;
  };

  // The ids a card's answer to one field or statement can be among, and its type (as workbook.js's `fits` knows them).
  const cardPart = (card, id) => {
    const field = Array.from(card.querySelectorAll("[data-workbook-answer]")).find((element) => element.dataset.workbookAnswer === id);
    if (field) {
      const columns = Array.from(field.querySelectorAll("th"), (th) => th.dataset.column);
      return [field.dataset.workbookType, columns.length ? columns : Array.from(field.querySelectorAll("[data-value]"), (label) => label.dataset.value)];
    }
    const scale = card.querySelector("[data-workbook-scale]");
    if (!scale || !Array.from(card.querySelectorAll("[data-workbook-item]")).some((item) => item.dataset.workbookItem === id)) return null;
    const points = [];
    for (let point = Number(scale.dataset.workbookLow); point <= Number(scale.dataset.workbookHigh); point += 1) points.push(String(point));
    return [scale.dataset.workbookScale === "yes-no" ? "tick" : "likert", points];
  };
  // Whether this release shows a stored answer in full (false for a field, option, point or column it no longer has).
  const cardShows = (card, id, value) => {
    const part = card && cardPart(card, id);
    return Boolean(part) && api.fits(part[0], part[1], value);
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

  // Every take of a checklist with its date and score; from two takes on, the change per area as a chart and a table.
  const showTakes = (card, takes) => {
    const box = card.querySelector("[data-workbook-summary-takes]");
    box.replaceChildren();
    box.hidden = takes.length < 2;
    if (box.hidden) return;
    const results = takes.map((take) => api.score(card, take.answers));
    const days = takes.map((take) => api.day(take.date));
    const dates = takes.map((take, index) => (days.indexOf(days[index]) !== days.lastIndexOf(days[index]) ? api.dayAndTime(take.date) : days[index]));
    const first = results[0];
    const latest = results[results.length - 1];
    const areas = api.categories(card).map(([id, title]) => [title, first.categories[id] || api.tally(), latest.categories[id] || api.tally()]);
    const rows = (areas.length ? areas : [["Total", first.all, latest.all]]).map(([title, a, b]) => [title, a.total, b.total, b.max]);
    const description = `Change from your first take (${dates[0]}) to your latest (${dates[dates.length - 1]}): `
      + `${rows.map(([title, a, b, max]) => `${title} from ${a} to ${b} out of ${max} (${api.signed(b - a)})`).join("; ")}.`;
    const intro = document.createElement("p");
    intro.textContent = `You have taken this self-assessment ${takes.length} times.`;
    box.append(
      intro,
      table("Your takes", ["Date", "Score", "Result"], results.map((result, index) => [dates[index], `${result.all.total} out of ${result.all.max}`, api.bandLabel(result) || "–"])),
      api.changeChart(rows, description, `First take, ${dates[0]}`, `Latest take, ${dates[dates.length - 1]}`),
      table("Change from your first take to your latest", ["Area", `First take (${dates[0]})`, `Latest take (${dates[dates.length - 1]})`, "Change"],
        (areas.length ? areas.concat([["Total", first.all, latest.all]]) : [["Total", first.all, latest.all]])
          .map(([title, a, b]) => [title, `${a.total} of ${a.max}`, `${b.total} of ${b.max}`, api.signed(b.total - a.total)])),
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

  // One card: its answers shown, its status set; what it cannot show goes to `orphans`. Returns the status.
  const summariseCard = (card, record, first, orphans) => {
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
    // A checklist taken in two chapters has two cards; what they cannot show is listed once.
    if (record && first) {
      const title = card.querySelector("h3 a").textContent;
      const pick = (keys) => Object.fromEntries(keys.map((key) => [key, answers[key]]));
      const gone = Object.keys(answers).filter((key) => !known.includes(key));
      const unshown = known.filter((key) => key in answers && !cardShows(card, key, answers[key]));
      if (gone.length) orphans.push(orphan(`${title}: answers to questions no longer asked`, pick(gone)));
      if (unshown.length) orphans.push(orphan(`${title}: answers this version of the course cannot show`, pick(unshown)));
      if (Object.keys(record.kept).length) orphans.push(orphan(`${title}: earlier answers this version could not show, kept when you answered again`, record.kept));
    }
    return status;
  };

  const summarise = (page) => {
    const entries = readAll(`workbook:${page.dataset.workbookNamespace}:`);
    const statuses = {};
    // Answers this release no longer asks for or cannot show: kept and shown, never deleted.
    const orphans = [];
    page.querySelectorAll("[data-workbook-summary]").forEach((card) => {
      const id = card.dataset.workbookSummary;
      let status;
      try {
        status = summariseCard(card, (entries[id] || {}).record, !(id in statuses), orphans);
      } catch (error) {
        // One record this page cannot show must not keep the others, or the toolbar, from working.
        status = "some";
        card.querySelector("[data-workbook-score], [data-workbook-answer-text]").textContent = "Your answers to this exercise could not be shown here; they are kept in this browser.";
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
      const rest = Object.fromEntries([["takes", record.takes], ["kept", record.kept]].filter(([, value]) => Object.keys(value).length));
      orphans.push(orphan(id, Object.keys(rest).length ? Object.assign({ answers: record.answers }, rest) : record.answers));
    });
    const section = page.querySelector("[data-workbook-orphans]");
    section.querySelector("[data-workbook-orphan-list]").replaceChildren(...orphans);
    section.hidden = !orphans.length;

    const newer = Object.values(entries).filter((entry) => entry.newer).length;
    const notice = page.querySelector("[data-workbook-newer]");
    notice.textContent = newer ? `Your answers to ${newer === 1 ? "one exercise were" : `${newer} exercises were`} saved by a newer version of this course. `
      + "They are kept as they are, but this page cannot show them: open the newest version of the course to see them." : "";
    notice.hidden = !newer;
  };

  // --- export, import and clear of the whole workbook --------------------

  // What an export holds, and what it cannot: {exercises, texts: the stored text of each exported entry,
  // by key (clear deletes exactly these), left: counts of what stays in this browser, by reason}.
  const exportable = (prefix) => {
    const exercises = {};
    const texts = {};
    const left = { newer: 0, damaged: 0, blocked: 0, copies: courseEntries(prefix).copies.length };
    Object.entries(readAll(prefix)).forEach(([id, entry]) => {
      const text = entry.record && api.storage.get(prefix + id).value;
      if (typeof text !== "string") {
        // Newer ones are left alone, damaged ones reported on their exercise's page, unreadable ones not seen.
        left[entry.newer ? "newer" : entry.blocked ? "blocked" : "damaged"] += 1;
        return;
      }
      const { kind, updated, answers, takes, kept } = entry.record;
      exercises[id] = { kind, updated, answers, takes, kept };
      texts[prefix + id] = text;
    });
    return { exercises, texts, left };
  };

  const leftText = ({ newer, damaged, blocked, copies }) => {
    const count = (n, one, many) => (n === 1 ? one : `${n} ${many}`);
    const parts = [
      newer && `answers to ${count(newer, "one exercise", "exercises")} saved by a newer version of the course`,
      damaged && `${count(damaged, "one damaged entry", "damaged entries")}`,
      copies && `${count(copies, "one damaged copy set aside", "damaged copies set aside")}`,
      blocked && `${count(blocked, "one entry", "entries")} this browser would not let the page read`,
    ].filter(Boolean);
    return parts.length ? `Kept in this browser, because an export cannot hold them: ${parts.join("; ")}.` : "";
  };


  const tableLines = (element) => api.markdownTable(Array.from(element.tHead.rows[0].cells, (th) => th.textContent),
    Array.from(element.tBodies[0].rows, (tr) => Array.from(tr.cells, (td) => td.textContent)));

  // Code that no text can end early: an indented block, the same in every dialect.
  const codeLines = (text) => text.split("\n").map((line) => `    ${line}`);

  const actionPlan = (page) => {
    const lines = ["# My workbook", "", markdownText(`Exported ${api.day(new Date().toISOString())}.`)];
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]")).filter((card) => card.dataset.workbookStatus !== "none");
      if (!cards.length) return;
      lines.push("", `## ${markdownText(chapter.querySelector("h2").textContent.trim())}`);
      cards.forEach((card) => {
        lines.push("", `### ${markdownText(card.querySelector("h3 a").textContent.trim())}`);
        card.querySelectorAll("[data-workbook-answer]").forEach((answer) => {
          const answerTable = answer.querySelector("table");
          const text = answer.querySelector("[data-workbook-answer-text]").textContent;
          const label = `**${markdownText(answer.previousElementSibling.textContent.trim())}**`;
          if (answerTable && !answerTable.hidden) lines.push("", label, "", ...tableLines(answerTable));
          else if (text !== "–") lines.push("", label, "", markdownText(text));
        });
        const score = card.querySelector("[data-workbook-score]");
        if (score) {
          lines.push("", markdownText(score.textContent));
          card.querySelectorAll("[data-workbook-subscore]").forEach((sub) => lines.push(`- ${markdownText(sub.textContent.trim())}`));
        }
        card.querySelectorAll("[data-workbook-summary-takes] table").forEach((takes) => lines.push("", `**${markdownText(takes.caption.textContent)}**`, "", ...tableLines(takes)));
      });
    });
    const orphans = page.querySelectorAll("[data-workbook-orphan-list] article");
    if (orphans.length) lines.push("", "## No longer in the course");
    orphans.forEach((item) => lines.push("", `### ${markdownText(item.querySelector("h3").textContent)}`, "", ...codeLines(item.querySelector("pre").textContent)));
    return `${lines.join("\n")}\n`;
  };

  // Why an import is refused, by workbook.js's exportProblem.
  const IMPORT_REFUSED = {
    "not-ours": "This file is not an export of answers from a workbook. Nothing was changed.",
    "no-version": "This file is damaged: its version is missing. Nothing was changed.",
    newer: "This file was made by a newer version of the workbook. Open the newest version of the course to import it. Nothing was changed.",
    "other-course": "This file holds answers to a different course. Nothing was changed.",
    damaged: "This file is damaged: its answers are not in the expected form. Nothing was changed.",
  };

  // A file we did not write, from a newer release, or damaged, is refused with the reason; nothing changes.
  const parseImport = (text, namespace) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: "This file is damaged or is not an export of answers (it is not valid JSON). Nothing was changed." };
    }
    const problem = api.exportProblem(data, namespace);
    if (problem) return { error: IMPORT_REFUSED[problem] };
    return { exercises: data.exercises };
  };

  // Both lists of takes, each take once, oldest first.
  const mergeTakes = (mine, theirs) => {
    const all = new Map(mine.concat(theirs).map((take) => [JSON.stringify(take), take]));
    return Array.from(all.values()).sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  };

  const keepOnce = (list, value) => (list.some((old) => api.same(old, value)) ? list : list.concat([value]));
  // Both sets of kept answers, each value once.
  const mergeKept = (mine, theirs) => {
    const kept = Object.assign({}, mine);
    Object.entries(theirs).forEach(([id, values]) => { kept[id] = values.reduce(keepOnce, kept[id] || []); });
    return kept;
  };

  const EMPTY = { answers: {}, takes: [], kept: {} };

  class WorkbookPage {
    constructor(page) {
      this.page = page;
      this.namespace = page.dataset.workbookNamespace;
      this.prefix = `workbook:${this.namespace}:`;
      this.pending = null;
      // What "Clear whole workbook" offered to export first, and so all that it deletes.
      this.offer = null;
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

    exportJson(offer = exportable(this.prefix)) {
      const { exercises, left } = offer;
      const data = { format: api.EXPORT_FORMAT, version: api.EXPORT_VERSION, course: this.namespace, exported: new Date().toISOString(), exercises };
      download(`${this.namespace}-answers.json`, "application/json", `${JSON.stringify(data, null, 2)}\n`);
      this.say(`Exported the answers to ${Object.keys(exercises).length} exercises. ${leftText(left)}`.trim());
    }

    click(event) {
      const target = event.target.closest("button");
      if (!target) return;
      const { workbookAction: action, workbookClear: clear, workbookImport: choice } = target.dataset;
      const confirm = this.page.querySelector("[data-workbook-clear-confirm]");
      if (action === "export") this.exportJson();
      if (action === "share") this.share();
      if (action === "export-markdown") {
        download(`${this.namespace}-action-plan.md`, "text/markdown", actionPlan(this.page));
        this.say("Exported your answers as a Markdown action plan.");
      }
      if (action === "clear") {
        this.offer = exportable(this.prefix);
        const kept = confirm.querySelector("[data-workbook-clear-kept]");
        if (kept) kept.textContent = leftText(this.offer.left);
        confirm.hidden = false;
        confirm.querySelector("[data-workbook-clear='no']").focus();
      }
      if (clear === "export" && this.offer) this.exportJson(this.offer);
      if (clear === "yes" && this.offer) this.clear(this.offer);
      if (clear === "yes" || clear === "no") {
        confirm.hidden = true;
        this.offer = null;
      }
      if (choice) this.apply(choice);
    }

    // Every checklist with answers, and (not ticked) every text the learner wrote, offered for a share file.
    share() {
      const entries = readAll(this.prefix);
      const seen = new Set();
      const checklists = [];
      const texts = [];
      this.page.querySelectorAll("[data-workbook-summary]").forEach((card) => {
        const id = card.dataset.workbookSummary;
        const record = !seen.has(id) && (entries[id] || {}).record;
        seen.add(id);
        if (!record) return;
        const title = card.querySelector("h3 a").textContent.trim();
        if (card.dataset.workbookKind === "checklist") checklists.push({ id, title, root: card, record });
        card.querySelectorAll("[data-workbook-answer]").forEach((field) => {
          const value = record.answers[field.dataset.workbookAnswer];
          if (["text", "long-text"].includes(field.dataset.workbookType) && typeof value === "string" && value.trim()) {
            texts.push({ exercise: id, field: field.dataset.workbookAnswer, title: `${title}: ${field.previousElementSibling.textContent.trim()}`, value });
          }
        });
      });
      api.openShare(this.page.querySelector("[data-workbook-share-box]"), this.namespace, { checklists, texts }, (text) => this.say(text));
    }

    // Deletes exactly the entries the confirmation offered to export, each only if it is still as it was then.
    clear({ texts, left }) {
      const changed = Object.entries(texts).filter(([key, text]) => {
        if (api.storage.get(key).value !== text) return true;
        api.storage.remove(key);
        return false;
      }).length;
      summarise(this.page);
      const deleted = Object.keys(texts).length - changed;
      this.say([`Deleted your answers to ${deleted} ${deleted === 1 ? "exercise" : "exercises"} from this browser.`,
        changed ? `${changed} changed since you were offered the export, so they were kept.` : "", leftText(left)].filter(Boolean).join(" "));
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
      return api.read(this.prefix + id).record || EMPTY;
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
        // The title in front, the counts in brackets: a title ending in "?" reads badly before a colon.
        item.textContent = `${card ? card.textContent : id} (${added} new, ${differ} different, ${keys.length - added - differ} the same`
          + `${takes ? `; ${takes} earlier ${takes === 1 ? "take" : "takes"} to add` : ""})`;
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

    // One exercise's record after the import: the answers the learner chose, both sets of takes and of kept
    // answers; an answer of mine the file replaces that this release cannot show is kept, not lost.
    merged(id, file, mine, choice) {
      const card = this.page.querySelector(`[data-workbook-summary="${id}"]`);
      const kept = mergeKept(mine.kept, file.kept || {});
      if (choice === "replace") {
        Object.entries(file.answers).filter(([key, value]) => key in mine.answers && !api.same(mine.answers[key], value)
          && !cardShows(card, key, mine.answers[key])).forEach(([key]) => { kept[key] = keepOnce(kept[key] || [], mine.answers[key]); });
      }
      const answers = choice === "keep" ? Object.assign({}, file.answers, mine.answers) : Object.assign({}, mine.answers, file.answers);
      // Answers keep the time they were given: a take made from them later carries that date.
      const updated = mine !== EMPTY && sameAnswers(answers, mine.answers) ? mine.updated : sameAnswers(answers, file.answers) ? file.updated : undefined;
      return api.makeRecord(id, file.kind || mine.kind, answers, mergeTakes(mine.takes, file.takes || []), updated, kept);
    }

    // All or nothing: if one exercise does not fit, everything written so far is put back as it was.
    apply(choice) {
      this.page.querySelector("[data-workbook-import-preview]").hidden = true;
      const exercises = this.pending;
      this.pending = null;
      if (choice === "cancel" || !exercises) {
        this.say("Import cancelled; nothing was changed.");
        return;
      }
      const found = Object.entries(exercises).map(([id, file]) => [id, file, api.read(this.prefix + id)]);
      if (found.some(([, , entry]) => entry.blocked)) {
        // Writing a record we could not read would replace answers nobody has seen.
        this.say("This browser would not let the page read your saved answers, so the import was refused. Nothing was changed.", true);
        return;
      }
      const newer = found.filter(([, , entry]) => entry.newer).length;
      const undo = [];
      const failed = found.filter(([, , entry]) => !entry.newer).some(([id, file, entry]) => {
        const key = this.prefix + id;
        if (entry.damaged) {
          const aside = api.setAside(key, entry.damaged);
          if (aside.error) return true;
          if (aside.key) undo.push([aside.key, null]);
        }
        const before = api.storage.get(key).value;
        if (api.write(key, this.merged(id, file, entry.record || EMPTY, choice))) return true;
        undo.push([key, before]);
        return false;
      });
      if (failed) {
        // Putting back takes no more room than there was before the import.
        undo.reverse().forEach(([key, text]) => (text === null ? api.storage.remove(key) : api.storage.set(key, text)));
      }
      summarise(this.page);
      const count = found.length - newer;
      if (failed) this.say("The import was refused: this browser's storage for the course has no room for these answers. Nothing was changed.", true);
      else this.say(`Imported the answers to ${count} exercises.${newer ? ` ${newer} were left as they are: a newer version of the course saved them.` : ""}`);
    }
  }

  api.myWorkbook = (page) => {
    // User Timing, like "workbook:setup" in workbook.js: benchmarks read "workbook:my-workbook" in the performance timeline.
    performance.mark("workbook:my-workbook-start");
    // The toolbar first: whatever is stored, the learner can still export it.
    if (!page.dataset.workbookReady) {
      page.dataset.workbookReady = "true";
      new WorkbookPage(page);
    }
    summarise(page);
    performance.measure("workbook:my-workbook", "workbook:my-workbook-start");
  };

  // Another tab saved answers: My workbook shows them at once. Only once the page is set up: this file
  // stands in the page, and a long page can get the event before workbook.js (at its end) has loaded.
  window.addEventListener("storage", () => document.querySelectorAll("[data-workbook-my-workbook][data-workbook-ready]").forEach(summarise));

  // Reached by instant navigation, this file runs after workbook.js has set the new page up (and found no
  // api.myWorkbook to call): it sets up the page itself. On a first load workbook.js is not there yet, and calls it.
  if (api.read) document.querySelectorAll("[data-workbook-my-workbook]:not([data-workbook-ready])").forEach(api.myWorkbook);
})();
