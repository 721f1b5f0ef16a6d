#!/usr/bin/env bash
# A streaming replica of the throwaway PostgreSQL server of scripts/pg-throwaway.sh, for
# the replica read tests (`pytest -m replica`, docs/scaling.md).
#
#   bash scripts/pg-replica.sh [start]   # base backup (-R) of the running primary, start
#                                        # it as a hot standby, wait until it is in
#                                        # recovery and caught up; print JX_REPLICA_URL=...
#   bash scripts/pg-replica.sh stop      # stop it, remove its data dir and its slot
#   bash scripts/pg-replica.sh status    # exit 0 if it accepts connections in recovery
#
# Environment:
#   JX_PG_PORT          the primary's port on 127.0.0.1 (default: 54329)
#   JX_PG_DIR           the primary's base dir, as given to pg-throwaway.sh (default: $PWD/var/pg)
#   JX_PG_REPLICA_PORT  the replica's port on 127.0.0.1 (default: JX_PG_PORT + 1)
#   JX_PG_REPLICA_DIR   the replica's base dir (default: $JX_PG_DIR-replica); the
#                       cluster lives in $JX_PG_REPLICA_DIR/data
#
# The primary must be running (pg-throwaway.sh start). The replica connects to it over
# TCP as the role jx_replicator through the physical slot jx_replica_<port>, so the
# primary keeps the WAL it has not received yet. Progress goes to stderr; the only stdout
# line is JX_REPLICA_URL=... (the application's role and database, on the replica).
set -euo pipefail

PORT="${JX_PG_PORT:-54329}"
BASE="${JX_PG_DIR:-$PWD/var/pg}"
RPORT="${JX_PG_REPLICA_PORT:-$((PORT + 1))}"
ROLE=jiangxin
PASSWORD=jiangxin
DBNAME=jiangxin
REPL_ROLE=jx_replicator
REPL_PASSWORD=jx_replicator
PG_OS_USER=postgres
MARKER_NAME=.jx-pg-replica
CATCH_UP_SECONDS=60

log() { printf '[pg-replica] %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

[[ $PORT =~ ^[0-9]+$ && $RPORT =~ ^[0-9]+$ ]] || die "JX_PG_PORT and JX_PG_REPLICA_PORT must be numbers"
[[ $PORT != "$RPORT" ]] || die "the replica needs a port of its own (JX_PG_REPLICA_PORT)"
case "$BASE" in /*) ;; *) BASE="$PWD/$BASE" ;; esac
BASE="${BASE%/}"
RBASE="${JX_PG_REPLICA_DIR:-$BASE-replica}"
case "$RBASE" in /*) ;; *) RBASE="$PWD/$RBASE" ;; esac
RBASE="${RBASE%/}"
[[ -n $RBASE && $RBASE != / ]] || die "refusing to use '/' as JX_PG_REPLICA_DIR"
SLOT="jx_replica_$RPORT"
RDATA="$RBASE/data"

is_root() { [[ $(id -u) -eq 0 ]]; }

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

# The primary's data dir: where pg-throwaway.sh put it (its own fallback included).
primary_datadir() {
    local dd
    for dd in "$BASE/data" "/tmp/jx-pg-$PORT/data"; do
        if [[ -f $dd/postmaster.pid ]]; then
            printf '%s\n' "$dd"
            return 0
        fi
    done
    return 1
}

# The binaries of the running primary (pg_basebackup must be of its major version).
find_bindir() {
    local dd pid exe
    dd=$(primary_datadir) || return 1
    pid=$(head -n 1 "$dd/postmaster.pid")
    exe=$(readlink -f "/proc/$pid/exe" 2>/dev/null) || return 1
    printf '%s\n' "$(dirname "$exe")"
}

primary_url() { printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$ROLE" "$PASSWORD" "$PORT" "$1"; }
replica_url() { printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$ROLE" "$PASSWORD" "$RPORT" "$1"; }

# psql as the primary's superuser over its unix socket.
psql_primary_super() {
    local dd sock
    dd=$(primary_datadir) || return 1
    sock=$(sed -n '5p' "$dd/postmaster.pid")
    as_pg "$BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$sock" -p "$PORT" -U postgres -d postgres "$@"
}

port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

stop_replica() {
    if [[ -f $RDATA/postmaster.pid ]]; then
        log "stopping the replica in $RDATA"
        local pg_ctl="${BIN:-}/pg_ctl" pid
        if [[ -x $pg_ctl ]]; then
            as_pg "$pg_ctl" -D "$RDATA" stop -m fast -w -t 30 >&2 ||
                as_pg "$pg_ctl" -D "$RDATA" stop -m immediate -w -t 30 >&2 || true
        fi
        if [[ -f $RDATA/postmaster.pid ]]; then
            pid=$(head -n 1 "$RDATA/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                log "postmaster $pid still alive; sending SIGQUIT"
                kill -QUIT "$pid" 2>/dev/null || true
                sleep 2
            fi
        fi
    fi
    if [[ -e $RBASE ]]; then
        [[ -f $RBASE/$MARKER_NAME ]] || die "$RBASE exists but was not created by this script; refusing to delete it"
        rm -rf -- "$RBASE"
    fi
    # The slot keeps WAL on the primary: drop it while the primary still runs.
    if [[ -n ${BIN:-} ]] && primary_datadir >/dev/null; then
        psql_primary_super -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" >/dev/null || true
    fi
}

start() {
    BIN=$(find_bindir) || die "no primary running on port $PORT under $BASE (start it with scripts/pg-throwaway.sh)"
    [[ -x $BIN/pg_basebackup ]] || die "no pg_basebackup in $BIN"
    log "using PostgreSQL binaries in $BIN ($("$BIN/pg_ctl" --version))"

    stop_replica
    if port_in_use "$RPORT"; then
        die "port $RPORT on 127.0.0.1 is in use; set JX_PG_REPLICA_PORT"
    fi

    log "replication role '$REPL_ROLE' and slot '$SLOT' on the primary"
    psql_primary_super >/dev/null <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$REPL_ROLE') THEN
    CREATE ROLE $REPL_ROLE LOGIN REPLICATION PASSWORD '$REPL_PASSWORD';
  END IF;
END \$\$;
SELECT pg_create_physical_replication_slot('$SLOT') WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = '$SLOT');
EOF

    mkdir -p "$RBASE"
    chmod 755 "$RBASE"
    touch "$RBASE/$MARKER_NAME"
    if is_root; then
        chown "$PG_OS_USER:" "$RBASE"
        as_pg test -w "$RBASE" || die "user '$PG_OS_USER' cannot write to $RBASE (set JX_PG_REPLICA_DIR under /tmp)"
    fi

    log "pg_basebackup of 127.0.0.1:$PORT into $RDATA"
    as_pg env PGPASSWORD="$REPL_PASSWORD" "$BIN/pg_basebackup" -D "$RDATA" -h 127.0.0.1 -p "$PORT" \
        -U "$REPL_ROLE" -R -X stream -S "$SLOT" -c fast --no-sync >&2 ||
        die "pg_basebackup failed"
    rm -f -- "$RDATA/.jx-pg-throwaway" # the copy is not the throwaway primary

    local sockdir="$RDATA"
    ((${#RDATA} <= 90)) || sockdir="/tmp"
    cat >>"$RDATA/postgresql.conf" <<EOF

# ---- streaming replica of the throwaway server (scripts/pg-replica.sh) ----
port = $RPORT
unix_socket_directories = '$sockdir'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 5s
EOF

    log "starting the replica on 127.0.0.1:$RPORT"
    if ! as_pg "$BIN/pg_ctl" -D "$RDATA" -l "$RBASE/server.log" -w -t 60 start >&2; then
        tail -n 40 "$RBASE/server.log" >&2 || true
        die "pg_ctl start failed"
    fi

    local i lsn in_recovery caught_up
    for i in $(seq 1 $((CATCH_UP_SECONDS * 4))); do
        if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$RPORT"; then
            break
        fi
        ((i < CATCH_UP_SECONDS * 4)) || die "the replica did not accept connections on 127.0.0.1:$RPORT"
        sleep 0.25
    done
    in_recovery=$("$BIN/psql" -X -At "$(replica_url "$DBNAME")" -c 'SELECT pg_is_in_recovery()')
    [[ $in_recovery == t ]] || die "the server on $RPORT is not in recovery (pg_is_in_recovery = $in_recovery)"
    # Caught up: it replayed everything the primary had written when we asked.
    lsn=$("$BIN/psql" -X -At "$(primary_url "$DBNAME")" -c 'SELECT pg_current_wal_insert_lsn()')
    for i in $(seq 1 $((CATCH_UP_SECONDS * 4))); do
        caught_up=$("$BIN/psql" -X -At "$(replica_url "$DBNAME")" \
            -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")
        [[ $caught_up == t ]] && break
        ((i < CATCH_UP_SECONDS * 4)) || {
            tail -n 40 "$RBASE/server.log" >&2 || true
            die "the replica did not replay up to $lsn within ${CATCH_UP_SECONDS}s"
        }
        sleep 0.25
    done
    local state
    state=$(psql_primary_super -c "SELECT state FROM pg_stat_replication LIMIT 1")
    log "ready: in recovery, replayed up to $lsn, primary reports '$state'"
    printf 'JX_REPLICA_URL=%s\n' "$(replica_url "$DBNAME")"
}

stop() {
    BIN=$(find_bindir) || BIN=$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || echo /nonexistent)")")
    if [[ ! -x $BIN/pg_ctl ]]; then
        local d
        for d in /usr/lib/postgresql/*/bin; do [[ -x $d/pg_ctl ]] && BIN=$d; done
    fi
    stop_replica
    log "stopped; data removed"
}

status() {
    local in_recovery
    in_recovery=$(psql -X -At "$(replica_url "$DBNAME")" -c 'SELECT pg_is_in_recovery()' 2>/dev/null) || exit 1
    [[ $in_recovery == t ]]
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
status) status ;;
-h | --help | help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "usage: $0 [start|stop|status]" ;;
esac
