-- wrk script for .ci/serve-load.sh: each connection cycles through pages, a checklist and the
-- stylesheet of the shipped site, so the load mixes small and large responses.
local paths = {
  "/", "/nl/", "/nl/flegt-access/", "/nl/flegt-access/flegt-access-nl.pdf",
  "/fr/flegt-access/", "/static/style.css", "/nl/flegt-access",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
