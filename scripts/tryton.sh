#!/usr/bin/env bash
# Starts a Tryton 6.0 server (Debian's tryton-server) for the erp/tryton connector and its tests.
#
#   scripts/tryton.sh [DIR]     start trytond with its database under DIR (default: a new temp dir),
#                               or find the one already running there; prints its URL on stdout
#   scripts/tryton.sh stop DIR  stop the server started under DIR
#
# The server listens on 127.0.0.1 at a free port and serves one SQLite database, "o2c", whose user
# "admin" has the password $O2C_TRYTON_PASSWORD (default "admin"). The database has the modules
# sale, stock and account_invoice (and their dependencies), every currency, a company "o2c Test
# Company" in EUR, the "Minimal Account Chart" with default receivable/payable/revenue/expense
# accounts, and a product category "Goods" that carries the accounts: all that quoting, confirming
# and processing a sale needs (shared/notes/tryton-jsonrpc.md, part A). DIR also gets trytond.conf,
# trytond.log, trytond.pid and tryton.env (TRYTON_URL, TRYTON_DB, TRYTON_USER, TRYTON_PID).
# With O2C_TRYTON_WATCH_PID set, the server is stopped when that process ends (tests set their own).
#
# Initialising a database takes ~30 s, so the first run builds a template once under
# $O2C_TRYTON_CACHE (default ~/.cache/o2c-tryton), keyed by the trytond version and this script's
# content; every later run copies the template (milliseconds) and starts the server (~2 s).
#
# Pitfalls met (see also the notes):
# - The python3 first in PATH may be a pyenv one that cannot import trytond: Debian's scripts run
#   /usr/bin/python3, and so does the setup below.
# - trytond-admin on a new database prompts for the admin e-mail; with no TTY it fails with EOFError
#   after creating the schema, and leaves no admin password. --email avoids the prompt.
# - A SQLite database is the file DIR/db/NAME.sqlite, and it must exist (touch) before trytond-admin.
# - trytond caches logins and the module list per database; on SQLite nothing tells a running server
#   that trytond-admin changed them (up to [cache] clean_timeout, 300 s). So the password is set
#   before the server starts, never while it runs.
# - `trytond --logconf /dev/null` crashes (KeyError: 'formatters'): -v logs to stderr, sent to the log.
# - The server is started with setsid and every stream redirected: a caller that reads this script's
#   stdout (go test) would otherwise wait on the pipe the server keeps open.
# - No fiscal year is created: sale confirmation and processing do not need one, only posting an
#   invoice does (notes, pitfall 10), and a fiscal year baked into a cached template would go stale.
set -euo pipefail

PY=/usr/bin/python3
DB=o2c
USER_NAME=admin
PASSWORD=${O2C_TRYTON_PASSWORD:-admin}
TEMPLATE_PASSWORD=admin
cache=${O2C_TRYTON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/o2c-tryton}

die() {
  echo "tryton.sh: $*" >&2
  exit 1
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# write_conf DIR PORT
write_conf() {
  cat >"$1/trytond.conf" <<EOF
[database]
uri = sqlite://
path = $1/db

[web]
listen = 127.0.0.1:$2
EOF
}

# answers URL: true when trytond answers a JSON-RPC call there. The Content-Type matters: without
# it trytond answers 500 with an HTML page.
answers() {
  curl -fsS -m 2 -H 'Content-Type: application/json' \
    -d '{"id":0,"method":"common.server.version","params":[]}' "$1" >/dev/null 2>&1
}

alive() { [ -f "$1/trytond.pid" ] && kill -0 "$(cat "$1/trytond.pid")" 2>/dev/null; }

# start DIR: starts trytond on a free port and waits until it answers; sets url.
start() {
  local dir=$1 port pid
  port=$(free_port)
  write_conf "$dir" "$port"
  url="http://127.0.0.1:$port/"
  setsid trytond -c "$dir/trytond.conf" -v -d "$DB" </dev/null >>"$dir/trytond.log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$dir/trytond.pid"
  if [ -n "${O2C_TRYTON_WATCH_PID:-}" ]; then
    # The caller (a test binary) wants the server gone when it exits, even when it is killed.
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill "$2" 2>/dev/null' \
      watch "$O2C_TRYTON_WATCH_PID" "$pid" </dev/null >/dev/null 2>&1 9>&- &
  fi
  for _ in $(seq 1 300); do
    if answers "$url"; then
      printf 'TRYTON_URL=%s\nTRYTON_DB=%s\nTRYTON_USER=%s\nTRYTON_PID=%s\n' "$url" "$DB" "$USER_NAME" "$pid" >"$dir/tryton.env"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$dir/trytond.log" >&2; die "trytond exited (log: $dir/trytond.log)"; }
    sleep 0.1
  done
  tail -n 30 "$dir/trytond.log" >&2
  die "trytond did not answer on $url within 30 s"
}

# stop DIR
stop() {
  local dir=$1 pid
  [ -f "$dir/trytond.pid" ] || return 0
  pid=$(cat "$dir/trytond.pid")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/trytond.pid"
}

# setup URL: the JSON-RPC calls of the notes' part A, steps A1-A11, on a database whose modules are
# activated and currencies imported.
setup() {
  "$PY" - "$1" "$DB" "$USER_NAME" "$TEMPLATE_PASSWORD" <<'PY'
import base64, json, sys, urllib.request

url, db, user, password = sys.argv[1:]
auth = None

def call(method, *params):
    body = json.dumps({"id": 1, "method": method, "params": list(params)}).encode()
    req = urllib.request.Request(url + db + "/", data=body, headers={"Content-Type": "application/json"})
    if auth:
        req.add_header("Authorization", "Session " + auth)
    with urllib.request.urlopen(req, timeout=60) as r:
        reply = json.load(r)
    if reply.get("error"):
        sys.exit("%s: %s" % (method, reply["error"]))
    return reply["result"]

def xml_id(module, name):
    return call("model.ir.model.data.search_read", [["module", "=", module], ["fs_id", "=", name]],
                0, 1, None, ["db_id"], {})[0]["db_id"]

uid, key = call("common.db.login", user, {"password": password}, "en")
auth = base64.b64encode(("%s:%s:%s" % (user, uid, key)).encode()).decode()
eur = call("model.currency.currency.search", [["code", "=", "EUR"]], 0, 1, None, {})[0]
party = call("model.party.party.create", [{"name": "o2c Test Company"}], {})[0]
company = call("model.company.company.create", [{"party": party, "currency": eur}], {})[0]
# The user's company must be one of its companies, in the same write.
call("model.res.user.write", [uid], {"companies": [["add", [company]]], "company": company}, {})
ctx = {"company": company}
chart = call("wizard.account.create_chart.create", ctx)[0]
view = call("wizard.account.create_chart.execute", chart,
            {"account": {"company": company, "account_template": xml_id("account", "account_template_root_en")}},
            "create_account", ctx)
defaults = view["view"]["defaults"]
properties = {k: v for k, v in defaults.items() if not k.endswith(".")}
call("wizard.account.create_chart.execute", chart, {"properties": properties}, "create_properties", ctx)
call("wizard.account.create_chart.delete", chart, ctx)
# Products get this category, which gives them their revenue and expense accounts; without it a
# confirmed sale fails to process (the error only shows in the log, or from sale.process).
call("model.product.category.create", [{"name": "Goods", "accounting": True}], ctx)
call("common.db.logout")
PY
}

# template: prints the path of the initialised database, building it first if needed.
template() {
  local key version tmp
  # Keyed by what shapes the database: the installed Tryton packages and this script.
  version=$(trytond --version 2>&1 | tr -dc '0-9.')
  key=$({ cat "$0"; dpkg-query -W 'tryton-*' 2>/dev/null || true; } | sha256sum | cut -c1-16)
  local path="$cache/template-$version-$key.sqlite"
  mkdir -p "$cache"
  exec 9>"$cache/lock"
  flock 9 # another run may be building the same template
  if [ ! -f "$path" ]; then
    echo "tryton.sh: building the database template $path (once, ~30 s)" >&2
    tmp=$(mktemp -d "$cache/build.XXXXXX")
    mkdir -p "$tmp/db"
    touch "$tmp/db/$DB.sqlite"
    write_conf "$tmp" 0
    printf '%s\n' "$TEMPLATE_PASSWORD" >"$tmp/pass"
    TRYTONPASSFILE="$tmp/pass" trytond-admin -c "$tmp/trytond.conf" -d "$DB" \
      -u sale stock account_invoice --activate-dependencies --email admin@example.com >"$tmp/admin.log" 2>&1 ||
      { tail -n 30 "$tmp/admin.log" >&2; die "trytond-admin failed (log: $tmp/admin.log)"; }
    trytond_import_currencies -c "$tmp/trytond.conf" -d "$DB" >>"$tmp/admin.log" 2>&1 ||
      { tail -n 30 "$tmp/admin.log" >&2; die "trytond_import_currencies failed (log: $tmp/admin.log)"; }
    start "$tmp"
    if ! setup "$url" >>"$tmp/admin.log" 2>&1; then
      stop "$tmp"
      tail -n 30 "$tmp/admin.log" >&2
      die "setting up the company and accounts failed (log: $tmp/admin.log, $tmp/trytond.log)"
    fi
    stop "$tmp"
    mv "$tmp/db/$DB.sqlite" "$path.part"
    mv "$path.part" "$path"
    rm -rf "$tmp"
    find "$cache" -maxdepth 1 -name 'template-*.sqlite' ! -path "$path" -delete # older versions
  fi
  exec 9>&-
  echo "$path"
}

command -v trytond >/dev/null 2>&1 || die "trytond is not installed (scripts/install-deps.sh installs it)"

if [ "${1:-}" = stop ]; then
  [ -n "${2:-}" ] || die "usage: $0 stop DIR"
  stop "$2"
  exit 0
fi

dir=${1:-$(mktemp -d /tmp/o2c-tryton.XXXXXX)}
mkdir -p "$dir/db"
dir=$(cd "$dir" && pwd)
if alive "$dir" && [ -f "$dir/tryton.env" ]; then
  url=$(sed -n 's/^TRYTON_URL=//p' "$dir/tryton.env")
  if answers "$url"; then
    echo "$url"
    exit 0
  fi
  stop "$dir"
fi
if [ ! -f "$dir/db/$DB.sqlite" ]; then
  tpl=$(template)
  cp "$tpl" "$dir/db/$DB.sqlite.part"
  mv "$dir/db/$DB.sqlite.part" "$dir/db/$DB.sqlite"
  if [ "$PASSWORD" != "$TEMPLATE_PASSWORD" ]; then
    write_conf "$dir" 0
    printf '%s\n' "$PASSWORD" >"$dir/pass"
    TRYTONPASSFILE="$dir/pass" trytond-admin -c "$dir/trytond.conf" -d "$DB" -p >"$dir/admin.log" 2>&1 ||
      { rm -f "$dir/pass"; die "setting the admin password failed (log: $dir/admin.log)"; }
    rm -f "$dir/pass"
  fi
fi
start "$dir"
echo "$url"
