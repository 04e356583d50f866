// The compliance console: plain script, no build step, no library. It talks only to the gateway it was served
// from (/audit/...), with the officer's subscription key held in this closure and sent as a header, never in a
// URL. Nothing is written to storage, cookies or the cache; everything shown is gone with the page.
(function () {
  "use strict";

  var API = "/audit";
  var KEY_HEADER = "Ocp-Apim-Subscription-Key";
  var MAX_EXPORT_PAGES = 100;
  var key = null;
  var lastVerified = null;

  function $(id) { return document.getElementById(id); }

  function status(message, isError) {
    var el = $("status");
    el.textContent = message || "";
    el.className = isError ? "error" : "";
  }

  function show(view) {
    var views = document.querySelectorAll(".view");
    for (var i = 0; i < views.length; i++) {
      views[i].hidden = views[i].id !== "view-" + view;
    }
    var buttons = document.querySelectorAll("nav button[data-view]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].className = buttons[j].getAttribute("data-view") === view ? "active" : "";
    }
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (name) {
      var value = params[name];
      if (value !== undefined && value !== null && String(value).trim() !== "") {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(String(value).trim()));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // One call to the compliance API. Resolves with the response when it is 2xx; rejects with a readable message
  // otherwise.
  function call(path, params, accept) {
    if (!key) {
      return Promise.reject(new Error("Sign in first."));
    }
    var headers = { "Accept": accept || "application/json" };
    headers[KEY_HEADER] = key;
    return fetch(API + path + query(params || {}), {
      method: "GET", headers: headers, cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer"
    }).then(function (response) {
      if (response.ok) {
        return response;
      }
      return response.text().then(function (text) {
        var message = "The register answered " + response.status;
        try {
          var problem = JSON.parse(text);
          var detail = problem.detail || problem.message || problem.title;
          if (detail) {
            message += ": " + detail;
          }
          if (problem.errors) {
            message += " (" + Object.keys(problem.errors).map(function (f) {
              return f + " " + problem.errors[f].join(", ");
            }).join("; ") + ")";
          }
        } catch (ignored) {
          // not problem details: the status says enough
        }
        if (response.status === 401) {
          message = "The key was refused (401). Check it is a compliance subscription key.";
        }
        throw new Error(message);
      });
    });
  }

  function fail(error) {
    status(error.message, true);
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text === undefined || text === null ? "" : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function definitions(list, pairs) {
    list.textContent = "";
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") {
        return;
      }
      var dt = document.createElement("dt");
      dt.textContent = pair[0];
      var dd = document.createElement("dd");
      dd.textContent = String(pair[1]);
      dd.setAttribute("data-field", pair[0]);
      list.appendChild(dt);
      list.appendChild(dd);
    });
  }

  // Saves text as a file through a short-lived object URL; the text lives only as long as the click.
  function download(text, type, name) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = $("download");
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.removeAttribute("href"); }, 1000);
  }

  // Follows continuation tokens so an export holds every page; CSV pages after the first have no header row.
  function exportAll(path, params, name) {
    var text = "";
    function page(token, count) {
      var p = Object.assign({}, params, { format: "csv", continuationToken: token });
      return call(path, p, "text/csv").then(function (response) {
        var next = response.headers.get("x-continuation-token");
        return response.text().then(function (body) {
          text += body;
          if (next && count < MAX_EXPORT_PAGES) {
            return page(next, count + 1);
          }
          return text;
        });
      });
    }
    return page(null, 1).then(function (csv) {
      download(csv, "text/csv", name);
      status("Exported " + name + ".");
    });
  }

  // --- Patient trail ---

  function trailParams() {
    var params = {};
    ["patientId", "clientId", "action", "outcome", "resourceType", "from", "to", "sort"].forEach(function (f) {
      params[f] = $("trail-" + f).value;
    });
    return params;
  }

  // A paged table: each run asks for the first page (or, appending, the next one), keeps the continuation
  // token for "More", and hands the answer to fill, which adds rows to the table body it is given.
  function pager(path, paramsOf, rowsId, moreId, working, fill) {
    var token = null;
    return {
      run: function (append) {
        var params = paramsOf();
        params.continuationToken = append ? token : null;
        status(working);
        return call(path, params).then(function (response) {
          token = response.headers.get("x-continuation-token");
          return response.json();
        }).then(function (answer) {
          var body = $(rowsId);
          if (!append) {
            body.textContent = "";
          }
          fill(body, answer);
          $(moreId).hidden = !token;
          status(body.children.length + " row(s)" + (token ? "; more follow." : "."));
        }).catch(fail);
      },
      reset: function () { token = null; $(rowsId).textContent = ""; $(moreId).hidden = true; }
    };
  }

  var trail = pager("/auditrecords", trailParams, "trail-rows", "trail-more", "Searching the register...",
    function (body, records) {
      records.forEach(function (r) {
        var row = document.createElement("tr");
        row.setAttribute("data-id", r.id);
        cell(row, r.recordedAt);
        cell(row, r.action);
        cell(row, r.resource.type + (r.resource.id ? " " + r.resource.id : ""), "id");
        cell(row, r.patientId, "id");
        cell(row, r.outcome);
        cell(row, r.actor ? r.actor.clientId : "");
        cell(row, r.correlationId, "id");
        var open = document.createElement("button");
        open.type = "button";
        open.textContent = "Open";
        open.className = "open-record";
        open.addEventListener("click", function () { openRecord(r.id); });
        row.appendChild(document.createElement("td")).appendChild(open);
        body.appendChild(row);
      });
    });

  // --- One record and its proof ---

  function openRecord(id) {
    show("record");
    $("record-id").value = id;
    definitions($("record-fields"), []);
    definitions($("proof-fields"), []);
    $("record-integrity").textContent = "";
    $("proof-status").textContent = "";
    status("Opening the record...");
    var encoded = encodeURIComponent(id);
    return call("/auditrecord/" + encoded).then(function (r) { return r.json(); }).then(function (r) {
      definitions($("record-fields"), [
        ["id", r.id], ["recordedAt", r.recordedAt], ["sourceSystemName", r.sourceSystemName], ["action", r.action],
        ["resource", r.resource.type + (r.resource.id ? " " + r.resource.id : "")], ["patientId", r.patientId],
        ["returnedPatientIds", r.returnedPatientIds ? r.returnedPatientIds.join(" ") : null],
        ["outcome", r.outcome], ["clientId", r.actor ? r.actor.clientId : null],
        ["address", r.actor ? r.actor.address : null], ["correlationId", r.correlationId],
        ["relatesTo", r.relatesTo], ["query", r.query ? JSON.stringify(r.query) : null]
      ]);
      // The integrity block's shape belongs to the register; it is shown as it comes.
      $("record-integrity").textContent = r.integrity ? JSON.stringify(r.integrity, null, 2) : "";
      return call("/auditrecord/" + encoded + "/proof");
    }).then(function (response) {
      return response.json().then(function (proof) {
        var checkpoint = proof.checkpoint || {};
        $("proof-status").textContent = proof.verified
          ? "Verified: the record is included in the signed checkpoint below."
          : "NOT verified: the proof does not show this record in the signed checkpoint.";
        $("proof-status").className = "verdict " + (proof.verified ? "intact" : "broken");
        definitions($("proof-fields"), [
          ["log", proof.log], ["leafIndex", proof.leafIndex], ["treeSize", proof.treeSize],
          ["inclusionProof", (proof.inclusionProof || []).length + " hash(es): " + (proof.inclusionProof || []).join(" ")],
          ["checkpoint origin", checkpoint.origin], ["checkpoint treeSize", checkpoint.treeSize],
          ["checkpoint rootHash", checkpoint.rootHash], ["checkpoint text", checkpoint.text]
        ]);
        status("Record opened.");
      });
    }).catch(fail);
  }

  // --- Accounting of disclosures ---

  function disclosureParams() {
    return { patientId: $("disclosures-patientId").value, from: $("disclosures-from").value, to: $("disclosures-to").value };
  }

  var disclosures = pager("/disclosures", disclosureParams, "disclosures-rows", "disclosures-more",
    "Preparing the accounting of disclosures...", function (body, report) {
      $("disclosures-period").textContent = "Patient " + report.patientId + ", from " + report.from + " to " + report.to
        + ". Generated " + report.generatedAt + ".";
      report.disclosures.forEach(function (d) {
        var row = document.createElement("tr");
        cell(row, d.recordedAt);
        cell(row, d.recipient.label);
        cell(row, d.recipient.contact);
        cell(row, d.action);
        cell(row, d.resourceType + ": " + d.disclosed);
        cell(row, d.outcome);
        cell(row, d.auditRecordId, "id");
        body.appendChild(row);
      });
    });

  // --- Register integrity ---

  // Verify now answers with a verdict; the full re-verification with the state of its background run, whose verdict
  // is known only once that run has finished (before that, intact is null).
  function verify(path) {
    status("Verifying the register...");
    return call(path).then(function (response) { return response.json(); }).then(function (report) {
      var full = report.status !== undefined;
      var known = typeof report.intact === "boolean";
      lastVerified = (full ? report.finishedAt : report.verifiedAt) || lastVerified;
      $("verify-status").textContent = !known
        ? "Full re-verification " + report.status + ": no verdict yet."
        : report.intact ? "The register is intact." : "The register is NOT intact: it has been altered.";
      $("verify-status").className = "verdict" + (known ? " " + (report.intact ? "intact" : "broken") : "");
      var fields = [["intact", known ? String(report.intact) : "not yet known"], ["last verified", lastVerified || "never"],
        ["records", report.records]];
      if (full) {
        fields = [["full re-verification", report.status], ["started", report.startedAt], ["finished", report.finishedAt],
          ["logs", report.logsTotal === undefined ? null : report.logsDone + " of " + report.logsTotal]].concat(fields);
      }
      definitions($("verify-fields"), fields);
      $("verify-report").textContent = JSON.stringify(report, null, 2);
      status(full ? "Full re-verification: " + report.status + "." : "Verified at " + lastVerified + ".");
    }).catch(fail);
  }

  // --- Wiring ---

  function signOut() {
    key = null;
    trail.reset();
    disclosures.reset();
    ["record-fields", "proof-fields", "verify-fields"].forEach(function (id) {
      $(id).textContent = "";
    });
    ["record-integrity", "proof-status", "verify-status", "verify-report", "disclosures-period"].forEach(function (id) {
      $(id).textContent = "";
    });
    $("nav").hidden = true;
    show("sign-in");
    status("Signed out.");
  }

  function submit(id, handler) {
    $(id).addEventListener("submit", function (event) {
      event.preventDefault();
      handler();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    submit("sign-in-form", function () {
      key = $("key").value.trim();
      $("key").value = "";
      $("nav").hidden = false;
      show("trail");
      status("Signed in. The key is held in this page only.");
    });
    submit("trail-form", function () { trail.run(false); });
    submit("record-form", function () { openRecord($("record-id").value.trim()); });
    submit("disclosures-form", function () { disclosures.run(false); });
    $("trail-more").addEventListener("click", function () { trail.run(true); });
    $("disclosures-more").addEventListener("click", function () { disclosures.run(true); });
    $("trail-export").addEventListener("click", function () {
      exportAll("/auditrecords", trailParams(), "audit-trail.csv").catch(fail);
    });
    $("disclosures-export").addEventListener("click", function () {
      exportAll("/disclosures", disclosureParams(), "disclosures.csv").catch(fail);
    });
    $("disclosures-print").addEventListener("click", function () { window.print(); });
    $("verify-run").addEventListener("click", function () { verify("/auditrecords/verify"); });
    $("verify-full").addEventListener("click", function () { verify("/auditrecords/verify/full"); });
    $("sign-out").addEventListener("click", signOut);
    var nav = document.querySelectorAll("nav button[data-view]");
    for (var i = 0; i < nav.length; i++) {
      nav[i].addEventListener("click", function (event) { show(event.target.getAttribute("data-view")); });
    }
    show("sign-in");
  });
}());
