"""`make bench` (scripts/bench.py): the Lua scripts that make wrk ask for a new address
on each request."""

# Each of wrk's threads numbered (its `id`), with its own request counter.
NUMBERED_THREADS = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  counter = 0
end
"""
# The attacker: every request a new address, with tracking parameters, a junk date or a
# repeated date, none of which may cost a render or add a cache entry.
ATTACK_SCRIPT = (
    NUMBERED_THREADS
    + """
function request()
  counter = counter + 1
  local n = id .. "x" .. counter
  local queries = {"utm_source=" .. n, "as_of=junk" .. n, "as_of=" .. n .. "&as_of=2020-01-01"}
  return wrk.format(nil, wrk.path .. "?" .. queries[counter % 3 + 1])
end
"""
)
# A visitor's ?as_of=D resolves to the edition in force on D (a redirect): 1,000 distinct
# dates, one after another, must cost what a cached page does and add no cache entry.
AS_OF_SCRIPT = """
local counter = 0
-- The seed's first edition took effect on 2017-10-16: every third day from then on.
local start = os.time({year = 2017, month = 10, day = 16, hour = 12})
function request()
  counter = counter + 1
  local date = os.date("!%Y-%m-%d", start + (counter % 1000) * 3 * 86400)
  return wrk.format(nil, wrk.path .. "?as_of=" .. date)
end
"""
# Made-up addresses (issue 28): the change log's pages one after another, soon past its
# last, and the mission index on each day from 1990 on, in turn; a new address each request.
# The two paths are the script's arguments.
MADE_UP_SCRIPT = """
local start = os.time({year = 1990, month = 1, day = 1, hour = 12})
function init(args)
  changes, missions, counter = args[1], args[2], 0
end
function request()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format(nil, changes .. "?page=" .. math.floor(counter / 2))
  end
  local date = os.date("!%Y-%m-%d", start + (counter % 15000) * 86400)
  return wrk.format(nil, missions .. "?active_on=" .. date)
end
"""
# Issue 31: a crawler sweeping past dates, a different day each request from 2012 to 2025
# (5,113 days: every one before any repeats, so no cache of fewer dates helps); each of
# wrk's threads (up to 16) takes its own days in turn.
SWEEP_SCRIPT = (
    NUMBERED_THREADS
    + """
local start = os.time({year = 2012, month = 1, day = 1, hour = 12})
function request()
  counter = counter + 1
  local day = (counter * 16 + id) % 5113
  return wrk.format(nil, wrk.path .. "?as_of=" .. os.date("!%Y-%m-%d", start + day * 86400))
end
"""
)
# The current page in English and French in turn, at the paths given as the arguments.
LANGUAGES_SCRIPT = """
function init(args)
  paths, counter = args, 0
end
function request()
  counter = counter + 1
  return wrk.format(nil, paths[counter % #paths + 1])
end
"""
