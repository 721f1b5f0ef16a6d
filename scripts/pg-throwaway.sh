#!/usr/bin/env bash
# Throwaway PostgreSQL (>= 15) server for the test suite.
#
#   bash scripts/pg-throwaway.sh [start]   # (re)create + start, print DATABASE_URL=...
#   bash scripts/pg-throwaway.sh stop      # stop it and remove its data dir
#   bash scripts/pg-throwaway.sh status    # exit 0 if it is accepting connections
#
# Environment:
#   JX_PG_DIR   base dir (default: $PWD/var/pg); the cluster lives in $JX_PG_DIR/data
#   JX_PG_PORT  TCP port on 127.0.0.1 (default: 54329)
#
# The server is disposable: fsync, synchronous_commit and full_page_writes are off.
# "start" is idempotent: a server left running on the port by an earlier run is
# stopped and its data dir wiped before a fresh one is created.
# Progress goes to stderr; the only stdout line is DATABASE_URL=..., so
#   url=$(bash scripts/pg-throwaway.sh | sed -n 's/^DATABASE_URL=//p')
# works.
set -euo pipefail

PORT="${JX_PG_PORT:-54329}"
BASE="${JX_PG_DIR:-$PWD/var/pg}"
MIN_MAJOR=15
ROLE=jiangxin
PASSWORD=jiangxin
DBNAME=jiangxin
PG_OS_USER=postgres
MARKER_NAME=.jx-pg-throwaway
# Used when the postgres OS user cannot reach $BASE (e.g. it is under /root).
FALLBACK_ROOT="/tmp/jx-pg-$PORT"

log() { printf '[pg-throwaway] %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

[[ $PORT =~ ^[0-9]+$ ]] || die "JX_PG_PORT must be a number, got '$PORT'"
case "$BASE" in /*) ;; *) BASE="$PWD/$BASE" ;; esac
BASE="${BASE%/}"
[[ -n $BASE && $BASE != / ]] || die "refusing to use '/' as JX_PG_DIR"

is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as the postgres OS user (or as ourselves when not root),
# from / so an unreadable current directory does not bother initdb/pg_ctl.
as_pg() {
    if ! is_root; then
        (cd / && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u "$PG_OS_USER" -- "$@")
    else
        local cmd
        cmd=$(printf '%q ' "$@")
        (cd / && su -s /bin/bash "$PG_OS_USER" -c "$cmd")
    fi
}

# Directory (bin) holding initdb + pg_ctl of the newest PostgreSQL >= MIN_MAJOR.
find_bindir() {
    local best="" best_major=0 d v major cand
    local -a cands=()
    for d in /usr/lib/postgresql/*/bin; do
        [[ -d $d ]] && cands+=("$d")
    done
    # Non-Debian layouts: whatever is on PATH.
    if cand=$(command -v pg_ctl 2>/dev/null); then
        cands+=("$(dirname "$(readlink -f "$cand")")")
    fi
    for d in "${cands[@]}"; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] || continue
        v=$("$d/pg_ctl" --version 2>/dev/null | awk '{print $3}') || continue
        major="${v%%[!0-9]*}"
        [[ -n $major ]] || continue
        if ((major >= MIN_MAJOR && major > best_major)); then
            best="$d"
            best_major="$major"
        fi
    done
    [[ -n $best ]] || return 1
    printf '%s\n' "$best"
}

ensure_binaries() {
    if BIN=$(find_bindir); then
        return 0
    fi
    is_root || die "no PostgreSQL >= $MIN_MAJOR (initdb/pg_ctl) found and not root; install the 'postgresql' package"
    log "no PostgreSQL >= $MIN_MAJOR found; installing the 'postgresql' package with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    local i
    for i in 1 2 3; do
        if apt-get -o DPkg::Lock::Timeout=300 update >&2 &&
            apt-get -o DPkg::Lock::Timeout=300 install -y postgresql >&2; then
            break
        fi
        ((i < 3)) || die "apt-get install postgresql failed"
        log "apt-get failed (attempt $i); retrying in 10s"
        sleep 10
    done
    BIN=$(find_bindir) || die "installed 'postgresql' but found no initdb/pg_ctl >= $MIN_MAJOR in /usr/lib/postgresql/*/bin"
}

ensure_os_user() {
    is_root || return 0
    id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
    log "creating OS user '$PG_OS_USER'"
    useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
        --shell /bin/bash "$PG_OS_USER"
}

psql_bin() {
    if [[ -n ${BIN:-} && -x $BIN/psql ]]; then
        printf '%s\n' "$BIN/psql"
    else
        command -v psql
    fi
}

# PID of whatever listens on TCP $PORT (empty if none / unknown).
port_listener_pid() {
    command -v ss >/dev/null 2>&1 || return 0
    ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true
}

port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n $(ss -Hltn "sport = :$PORT" 2>/dev/null) ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
    fi
}

# Stop the server whose data dir is $1 (if any).
stop_server_in() {
    local dd="$1" pid
    [[ -f $dd/postmaster.pid ]] || return 0
    local pg_ctl="${BIN:-}/pg_ctl"
    if [[ -z ${BIN:-} ]]; then
        BIN=$(find_bindir) || true
        pg_ctl="${BIN:-}/pg_ctl"
    fi
    log "stopping server in $dd"
    if [[ -x $pg_ctl ]]; then
        as_pg "$pg_ctl" -D "$dd" stop -m fast -w -t 30 >&2 ||
            as_pg "$pg_ctl" -D "$dd" stop -m immediate -w -t 30 >&2 || true
    fi
    # Last resort: the postmaster PID recorded by this very cluster.
    if [[ -f $dd/postmaster.pid ]]; then
        pid=$(head -n 1 "$dd/postmaster.pid" 2>/dev/null || true)
        if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            log "postmaster $pid still alive; sending SIGQUIT"
            kill -QUIT "$pid" 2>/dev/null || true
            local i
            for i in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.2
            done
        fi
    fi
}

# Remove data dir $1, but only if it is recognisably ours.
wipe_datadir() {
    local dd="$1"
    [[ -e $dd ]] || return 0
    if [[ -f $dd/$MARKER_NAME || -f $(dirname "$dd")/$MARKER_NAME ]] || [[ -z $(ls -A "$dd" 2>/dev/null) ]]; then
        rm -rf -- "$dd"
    else
        die "$dd exists but was not created by this script; refusing to delete it"
    fi
}

stop_and_wipe() {
    local dd pid cwd
    for dd in "$BASE/data" "$FALLBACK_ROOT/data"; do
        [[ -d $dd ]] || continue
        stop_server_in "$dd"
        wipe_datadir "$dd"
    done
    rm -rf -- "$FALLBACK_ROOT"

    # A server from an earlier run with another JX_PG_DIR may still hold the port.
    if port_in_use; then
        pid=$(port_listener_pid)
        cwd=""
        if [[ -n $pid ]]; then
            cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
        fi
        if [[ -n $cwd && -f $cwd/$MARKER_NAME ]]; then
            log "port $PORT is held by an earlier throwaway server ($cwd)"
            stop_server_in "$cwd"
            wipe_datadir "$cwd"
        else
            return 1
        fi
    fi
    return 0
}

sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

start() {
    ensure_binaries
    ensure_os_user
    log "using PostgreSQL binaries in $BIN ($("$BIN/pg_ctl" --version))"

    stop_and_wipe || die "port $PORT on 127.0.0.1 is in use by something that is not a throwaway server of ours (pid $(port_listener_pid)); set JX_PG_PORT"

    mkdir -p "$BASE"
    chmod 755 "$BASE"
    touch "$BASE/$MARKER_NAME"

    local dd="$BASE/data"
    mkdir -m 700 "$dd"
    if is_root; then
        chown "$PG_OS_USER:" "$dd"
        if ! as_pg test -w "$dd"; then
            log "user '$PG_OS_USER' cannot reach $BASE; putting the cluster in $FALLBACK_ROOT instead"
            rmdir "$dd"
            dd="$FALLBACK_ROOT/data"
            mkdir -p "$FALLBACK_ROOT" && chmod 755 "$FALLBACK_ROOT"
            touch "$FALLBACK_ROOT/$MARKER_NAME"
            mkdir -m 700 "$dd"
            chown "$PG_OS_USER:" "$dd"
            as_pg test -w "$dd" || die "user '$PG_OS_USER' cannot write to $dd"
        fi
    fi

    # Unix socket inside the data dir unless the path is too long for sun_path.
    local sockdir="$dd"
    if ((${#dd} > 90)); then
        sockdir="$FALLBACK_ROOT/sock"
        mkdir -p "$FALLBACK_ROOT" && chmod 755 "$FALLBACK_ROOT"
        mkdir -m 700 "$sockdir"
        is_root && chown "$PG_OS_USER:" "$sockdir"
        log "data dir path is long; unix socket goes to $sockdir"
    fi

    local locale=C
    if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
        locale=C.UTF-8
    fi

    log "initdb in $dd"
    as_pg "$BIN/initdb" -D "$dd" -U postgres -E UTF8 --locale="$locale" \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions >&2 ||
        die "initdb failed"
    touch "$dd/$MARKER_NAME"
    is_root && chown "$PG_OS_USER:" "$dd/$MARKER_NAME"

    cat >>"$dd/postgresql.conf" <<EOF

# ---- throwaway test server (scripts/pg-throwaway.sh) ----
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = $(sql_quote "$sockdir")
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
logging_collector = off
EOF

    log "starting server on 127.0.0.1:$PORT"
    if ! as_pg "$BIN/pg_ctl" -D "$dd" -l "$dd/server.log" -w -t 60 start >&2; then
        tail -n 40 "$dd/server.log" >&2 || true
        die "pg_ctl start failed"
    fi

    local isready="$BIN/pg_isready" i
    [[ -x $isready ]] || isready=$(command -v pg_isready)
    for i in $(seq 1 120); do
        if "$isready" -q -h 127.0.0.1 -p "$PORT"; then
            break
        fi
        ((i < 120)) || {
            tail -n 40 "$dd/server.log" >&2 || true
            die "server did not become ready on 127.0.0.1:$PORT"
        }
        sleep 0.5
    done

    local psql
    psql=$(psql_bin) || die "psql not found"
    # CREATEROLE: core/tests/test_audit_harden_pg.py creates two roles (rolled back).
    log "creating role '$ROLE' and database '$DBNAME'"
    as_pg "$psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$PORT" -U postgres -d postgres >&2 <<EOF
CREATE ROLE $ROLE LOGIN CREATEDB CREATEROLE PASSWORD $(sql_quote "$PASSWORD");
CREATE DATABASE $DBNAME OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0;
EOF

    local url="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DBNAME"
    # Prove the URL works over TCP with the password.
    "$psql" -X -q -At -v ON_ERROR_STOP=1 "$url" -c 'select 1' >/dev/null ||
        die "could not connect with $url"
    log "ready: $("$psql" -X -At "$url" -c 'show server_version')"
    printf 'DATABASE_URL=%s\n' "$url"
}

stop() {
    BIN=$(find_bindir) || BIN=""
    if stop_and_wipe; then
        rm -f -- "$BASE/$MARKER_NAME"
        if [[ -d $BASE ]]; then
            rmdir -- "$BASE" 2>/dev/null || true
        fi
        log "stopped; data removed"
    else
        log "WARNING: port $PORT is in use by something that is not ours (pid $(port_listener_pid)); left alone"
    fi
}

status() {
    local isready
    isready=$(command -v pg_isready) || {
        BIN=$(find_bindir) || die "pg_isready not found"
        isready="$BIN/pg_isready"
    }
    "$isready" -h 127.0.0.1 -p "$PORT"
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
status) status ;;
-h | --help | help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "usage: $0 [start|stop|status]" ;;
esac
