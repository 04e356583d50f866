-- wrk scenario for bench/capacity.sh: requests through the gateway of the local stack.
-- BENCH_SCENARIO picks what each request is:
--   mixed        30% CreatePatient, 40% LoadPatient, 10% SearchPatient, 10% LoadTests, 10% audit query by patient
--   seed         70% CreatePatient, 30% CreateTest (grows the data)
--   warmup       the mixed scenario's requests with 5% CreatePatient (warms the JIT up without growing the data much)
--   create, load-patient, load-test, load-tests, audit-query   one operation only
-- Known ids come from BENCH_IDS (lines "P <patientId>" and "T <patientId> <testId>"); every 201's Location is
-- appended to BENCH_IDS_OUT.<thread>, so later runs can read what this one created.
local scenario = os.getenv("BENCH_SCENARIO") or "mixed"
local integrator = assert(os.getenv("BENCH_INTEGRATOR_KEY"), "BENCH_INTEGRATOR_KEY")
local compliance = assert(os.getenv("BENCH_COMPLIANCE_KEY"), "BENCH_COMPLIANCE_KEY")
local ids_in = os.getenv("BENCH_IDS")
local ids_out = os.getenv("BENCH_IDS_OUT")

local threads = {}
local next_thread = 1

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local LAST_NAMES = {"Okafor", "Smith", "Nguyen", "Garcia", "Kowalski", "Haddad", "Tanaka", "Silva", "Muller", "Jones",
  "Ivanova", "Brown", "Rossi", "Dubois", "Kim", "Patel", "Cohen", "Larsen", "Novak", "Walsh"}
local GENDERS = {"female", "male", "other", "unknown"}

local patients = {}
local tests = {}
local out = nil
errors = 0

local function load_ids()
  if not ids_in then return end
  local f = io.open(ids_in, "r")
  if not f then return end
  for line in f:lines() do
    local kind, a, b = line:match("^(%a) (%S+) ?(%S*)")
    if kind == "P" then
      patients[#patients + 1] = a
    elseif kind == "T" then
      tests[#tests + 1] = {a, b}
    end
  end
  f:close()
end

function init(args)
  math.randomseed(os.time() + (thread_id or 0) * 7919)
  load_ids()
  if ids_out then
    out = io.open(ids_out .. "." .. tostring(thread_id), "a")
    out:setvbuf("line")
  end
end

local function pick(list)
  return list[math.random(#list)]
end

local function integrator_headers(json)
  local h = {["Ocp-Apim-Subscription-Key"] = integrator}
  if json then h["Content-Type"] = "application/json" end
  return h
end

local function create_patient()
  local body = string.format('{"firstName":"Amelia","lastName":"%s","gender":"%s","dateOfBirth":"%d-%02d-%02d","postCode":"SW1A %dAA"}',
    pick(LAST_NAMES), pick(GENDERS), 1930 + math.random(90), math.random(12), math.random(28), math.random(9))
  return wrk.format("POST", "/patient", integrator_headers(true), body)
end

local function create_test()
  local body = '{"performer":"Lab 1","orderReference":"ORD-1","observations":[{"id":"o1","code":"718-7",'
    .. '"measurement":"13.5 g/dL","interpretation":"normal","issued":"2026-01-01T10:00:00Z","status":"final"}]}'
  return wrk.format("POST", "/patient/" .. pick(patients) .. "/tests", integrator_headers(true), body)
end

local function load_patient()
  return wrk.format("GET", "/patient/" .. pick(patients), integrator_headers(false))
end

local function load_tests()
  return wrk.format("GET", "/patient/" .. pick(tests)[1] .. "/tests", integrator_headers(false))
end

local function load_test()
  local t = pick(tests)
  return wrk.format("GET", "/patient/" .. t[1] .. "/tests/" .. t[2], integrator_headers(false))
end

local function search()
  return wrk.format("POST", "/patient/search?limit=20", integrator_headers(true), '{"lastName":"' .. pick(LAST_NAMES) .. '"}')
end

local function audit_query()
  return wrk.format("GET", "/audit/auditrecords?limit=20&patientId=" .. pick(patients), {["Ocp-Apim-Subscription-Key"] = compliance})
end

-- Shares (%) of each request in the scenarios that mix them. The warm-up has every request path of the mixed one, with few
-- creates, so warming the JIT up barely grows the data.
local MIXES = {
  mixed = {{30, create_patient}, {40, load_patient}, {10, search}, {10, load_tests}, {10, audit_query}},
  warmup = {{5, create_patient}, {55, load_patient}, {15, search}, {15, load_tests}, {10, audit_query}},
  seed = {{70, create_patient}, {30, create_test}},
}

local SINGLE = {create = create_patient, ["load-patient"] = load_patient, ["load-test"] = load_test,
  ["load-tests"] = load_tests, ["audit-query"] = audit_query}

function request()
  if #patients == 0 or (#tests == 0 and scenario ~= "seed") then
    return create_patient()
  end
  local single = SINGLE[scenario]
  if single then return single() end
  local r = math.random(100)
  for _, share in ipairs(MIXES[scenario] or MIXES.mixed) do
    if r <= share[1] then return share[2]() end
    r = r - share[1]
  end
end

function response(status, headers, body)
  if status >= 400 then
    errors = errors + 1
  elseif status == 201 then
    -- Location is a relative reference (patient/{id}, or tests/{testId} for a test): its last segment is the
    -- new id; a test's patient id is in its body.
    local location = headers["Location"] or headers["location"] or ""
    local id = location:match("([%x-]+)$")
    local patient = body and body:match('"patientId":"([%x-]+)"')
    if id and patient then
      tests[#tests + 1] = {patient, id}
      if out then out:write("T ", patient, " ", id, "\n") end
    elseif id then
      patients[#patients + 1] = id
      if out then out:write("P ", id, "\n") end
    end
  end
end

function done(summary, latency, requests)
  local app_errors = 0
  for _, t in ipairs(threads) do
    app_errors = app_errors + (t:get("errors") or 0)
  end
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d, '
    .. '"socket_errors": %d}\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, app_errors, e.connect + e.read + e.write + e.timeout))
end
