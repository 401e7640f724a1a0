-- PostgreSQL engine, migration 004: traffic control shared by the nodes of a cluster (docs/traffic-control.md).
-- Each function below is called as one statement and is atomic: it locks the entity's row first, so the leases it
-- reads are those every other caller committed before it.

-- A token bucket: tokens left as of updated_at (the database's clock).
CREATE TABLE admission_buckets (
    key        text             PRIMARY KEY,
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);

-- Tokens a node took from a bucket and may still spend until expires_at. They count against the bucket's capacity,
-- so that the tokens in the bucket plus those held by nodes never exceed its burst.
CREATE TABLE admission_token_leases (
    key        text        NOT NULL,
    node       text        NOT NULL,
    tokens     integer     NOT NULL CHECK (tokens > 0),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (key, node)
);

-- One row per concurrency cap: the lock that serialises its leases.
CREATE TABLE admission_caps (
    key text PRIMARY KEY
);

-- Concurrency slots a node holds until expires_at; the sum over unexpired leases never exceeds the cap.
CREATE TABLE admission_slot_leases (
    key        text        NOT NULL,
    node       text        NOT NULL,
    slots      integer     NOT NULL CHECK (slots > 0),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (key, node)
);

-- A circuit breaker's shared state; probe_node is the one node allowed to send the half-open probe.
CREATE TABLE admission_breakers (
    key           text        PRIMARY KEY,
    state         text        NOT NULL CHECK (state IN ('closed', 'open')),
    open_until    timestamptz,
    probe_node    text,
    probe_expires timestamptz,
    updated_at    timestamptz NOT NULL
);

-- Takes up to p_want tokens (after refilling at p_per_second, capped at p_burst minus what other nodes hold and the
-- p_keep tokens this node still holds) and records this node's lease as p_keep + granted until now + p_ttl_ms.
-- p_ttl_ms = 0 (strict mode): no lease, the tokens are spent at once.
CREATE FUNCTION admission_lease_tokens(
    p_key text, p_node text, p_per_second double precision, p_burst integer, p_keep integer, p_want integer, p_ttl_ms integer)
RETURNS TABLE (granted integer, available double precision)
LANGUAGE plpgsql AS $$
DECLARE
    v_now     timestamptz := clock_timestamp();
    v_tokens  double precision;
    v_updated timestamptz;
    v_held    bigint;
    v_grant   integer;
BEGIN
    INSERT INTO admission_buckets AS b (key, tokens, updated_at) VALUES (p_key, p_burst, v_now) ON CONFLICT (key) DO NOTHING;
    SELECT b.tokens, b.updated_at INTO v_tokens, v_updated FROM admission_buckets b WHERE b.key = p_key FOR UPDATE;
    DELETE FROM admission_token_leases l WHERE l.key = p_key AND l.expires_at <= v_now;
    SELECT coalesce(sum(l.tokens), 0) INTO v_held FROM admission_token_leases l WHERE l.key = p_key AND l.node <> p_node;
    v_tokens := least(
        greatest(0, p_burst - v_held - p_keep),
        v_tokens + p_per_second * greatest(0, extract(epoch FROM v_now - v_updated)));
    v_grant := greatest(0, least(p_want, floor(v_tokens)::integer));
    v_tokens := v_tokens - v_grant;
    UPDATE admission_buckets b SET tokens = v_tokens, updated_at = v_now WHERE b.key = p_key;
    IF p_keep + v_grant > 0 AND p_ttl_ms > 0 THEN
        INSERT INTO admission_token_leases AS l (key, node, tokens, expires_at)
        VALUES (p_key, p_node, p_keep + v_grant, v_now + p_ttl_ms * interval '1 millisecond')
        ON CONFLICT (key, node) DO UPDATE SET tokens = excluded.tokens, expires_at = excluded.expires_at;
    ELSE
        DELETE FROM admission_token_leases l WHERE l.key = p_key AND l.node = p_node;
    END IF;
    RETURN QUERY SELECT v_grant, v_tokens;
END $$;

-- Sets this node's share of a concurrency cap to p_want slots (or what is left of p_cap beyond the other nodes'
-- unexpired leases, if less) until now + p_ttl_ms; returns the share. 0 slots: the lease is dropped.
CREATE FUNCTION admission_lease_slots(p_key text, p_node text, p_cap integer, p_want integer, p_ttl_ms integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_now    timestamptz := clock_timestamp();
    v_others bigint;
    v_grant  integer;
BEGIN
    INSERT INTO admission_caps (key) VALUES (p_key) ON CONFLICT (key) DO NOTHING;
    PERFORM 1 FROM admission_caps c WHERE c.key = p_key FOR UPDATE;
    DELETE FROM admission_slot_leases l WHERE l.key = p_key AND l.expires_at <= v_now;
    SELECT coalesce(sum(l.slots), 0) INTO v_others FROM admission_slot_leases l WHERE l.key = p_key AND l.node <> p_node;
    v_grant := greatest(0, least(p_want, p_cap - v_others)::integer);
    IF v_grant > 0 THEN
        INSERT INTO admission_slot_leases AS l (key, node, slots, expires_at)
        VALUES (p_key, p_node, v_grant, v_now + p_ttl_ms * interval '1 millisecond')
        ON CONFLICT (key, node) DO UPDATE SET slots = excluded.slots, expires_at = excluded.expires_at;
    ELSE
        DELETE FROM admission_slot_leases l WHERE l.key = p_key AND l.node = p_node;
    END IF;
    RETURN v_grant;
END $$;

-- Gives back everything a node holds (a stopping node): its slots at once, its unspent tokens to their buckets.
CREATE FUNCTION admission_release_node(p_node text, p_token_keys text[], p_unspent integer[], p_bursts integer[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM admission_slot_leases l WHERE l.node = p_node;
    UPDATE admission_buckets b SET tokens = least(r.burst, b.tokens + r.unspent)
    FROM unnest(p_token_keys, p_unspent, p_bursts) AS r (key, unspent, burst)
    WHERE b.key = r.key;
    DELETE FROM admission_token_leases l WHERE l.node = p_node;
END $$;

-- Records a breaker's transition made by one node and tells the others
-- (NOTIFY mcpgw_admission, 'state|open_until in unix ms|node|key').
CREATE FUNCTION admission_breaker_set(p_key text, p_node text, p_state text, p_open_until timestamptz)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO admission_breakers AS b (key, state, open_until, probe_node, probe_expires, updated_at)
    VALUES (p_key, p_state, p_open_until, NULL, NULL, clock_timestamp())
    ON CONFLICT (key) DO UPDATE
        SET state = excluded.state, open_until = excluded.open_until, probe_node = NULL, probe_expires = NULL,
            updated_at = excluded.updated_at;
    PERFORM pg_notify('mcpgw_admission',
        p_state || '|' || coalesce((extract(epoch FROM p_open_until) * 1000)::bigint::text, '') || '|' || p_node || '|' || p_key);
END $$;

-- Claims the one half-open probe of an open breaker whose break is over; a claim of another node holds until it
-- expires. Also answers the breaker's state, so a node that missed a notification catches up.
CREATE FUNCTION admission_breaker_claim(p_key text, p_node text, p_ttl_ms integer)
RETURNS TABLE (granted boolean, state text, open_until timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_now  timestamptz := clock_timestamp();
    v_row  admission_breakers%ROWTYPE;
BEGIN
    SELECT * INTO v_row FROM admission_breakers b WHERE b.key = p_key FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT true, 'open'::text, NULL::timestamptz;
        RETURN;
    END IF;
    IF v_row.state = 'closed'
        OR v_row.open_until > v_now
        OR (v_row.probe_node IS NOT NULL AND v_row.probe_node <> p_node AND v_row.probe_expires > v_now) THEN
        RETURN QUERY SELECT false, v_row.state, v_row.open_until;
        RETURN;
    END IF;
    UPDATE admission_breakers b SET probe_node = p_node, probe_expires = v_now + p_ttl_ms * interval '1 millisecond'
    WHERE b.key = p_key;
    RETURN QUERY SELECT true, v_row.state, v_row.open_until;
END $$;
