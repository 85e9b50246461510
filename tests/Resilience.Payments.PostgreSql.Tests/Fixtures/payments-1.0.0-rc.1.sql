--
-- PostgreSQL database dump
--

\restrict lx9yPDN1vTjj6LYA5GVs1qGbJFGlcBnWlpx82rJmiv0b4U92i29KgqY7sI3C0JS

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: rc1_fixture; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA rc1_fixture;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: payment_attempts; Type: TABLE; Schema: rc1_fixture; Owner: -
--

CREATE TABLE rc1_fixture.payment_attempts (
    payment_key text NOT NULL COLLATE pg_catalog."C",
    number integer NOT NULL,
    provider text NOT NULL,
    reference text NOT NULL,
    provider_reference text,
    outcome smallint
);


--
-- Name: payments; Type: TABLE; Schema: rc1_fixture; Owner: -
--

CREATE TABLE rc1_fixture.payments (
    key text NOT NULL COLLATE pg_catalog."C",
    fingerprint text NOT NULL,
    status smallint NOT NULL,
    version bigint NOT NULL,
    due_at timestamp with time zone,
    lease_owner text,
    lease_expires_at timestamp with time zone,
    queue_rounds integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    document text NOT NULL
);


--
-- Name: schema_version; Type: TABLE; Schema: rc1_fixture; Owner: -
--

CREATE TABLE rc1_fixture.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    library text NOT NULL
);


--
-- Data for Name: payment_attempts; Type: TABLE DATA; Schema: rc1_fixture; Owner: -
--

INSERT INTO rc1_fixture.payment_attempts VALUES ('rc1-paid', 1, 'mpesa', 'rc1-paid-1-rwh56ra6', 'mpesa-ref-1', 0);
INSERT INTO rc1_fixture.payment_attempts VALUES ('rc1-failed-over', 2, 'paystack', 'rc1-failed-over-2-lkgddbqa', 'paystack-ref-1', 0);
INSERT INTO rc1_fixture.payment_attempts VALUES ('rc1-declined', 1, 'mpesa', 'rc1-declined-1-ql22ldir', 'mpesa-ref-2', 3);
INSERT INTO rc1_fixture.payment_attempts VALUES ('rc1-pending', 1, 'mpesa', 'rc1-pending-1-az7g3war', 'mpesa-ref-3', 1);


--
-- Data for Name: payments; Type: TABLE DATA; Schema: rc1_fixture; Owner: -
--

INSERT INTO rc1_fixture.payments VALUES ('rc1-paid', '791931B7B3B745C976E462F4D8E8D3B8EFBFEA94A776166D3E6A8947A18FB2E1', 3, 2, NULL, NULL, NULL, 0, '2026-12-07 06:00:00+00', '2026-12-07 06:00:00+00', '{"v":1,"key":"rc1-paid","fingerprint":"791931B7B3B745C976E462F4D8E8D3B8EFBFEA94A776166D3E6A8947A18FB2E1","status":3,"version":2,"createdAt":1796623200000,"updatedAt":1796623200000,"queueRounds":0,"statusChecks":0,"request":{"amount":"200","currency":"KES","instruments":[{"kind":"mobile-money","phone":"254712345678"},{"kind":"mobile-money","phone":"254733123456"}],"accountReference":"KCA 123X","description":"Parking","allowQueue":true},"attempts":[{"number":1,"reference":"rc1-paid-1-rwh56ra6","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":0,"source":0,"providerReference":"mpesa-ref-1","receipt":"MPESA-R000001"}]}');
INSERT INTO rc1_fixture.payments VALUES ('rc1-failed-over', '38BFDDEAEDA56B1D1E14CC7FB5C2B04A043B5256AEDC5AE6A56B9BA21F7AD392', 3, 4, NULL, NULL, NULL, 0, '2026-12-07 06:00:00+00', '2026-12-07 06:00:00+00', '{"v":1,"key":"rc1-failed-over","fingerprint":"38BFDDEAEDA56B1D1E14CC7FB5C2B04A043B5256AEDC5AE6A56B9BA21F7AD392","status":3,"version":4,"createdAt":1796623200000,"updatedAt":1796623200000,"queueRounds":0,"statusChecks":0,"request":{"amount":"200","currency":"KES","instruments":[{"kind":"mobile-money","phone":"254712345678"},{"kind":"mobile-money","phone":"254733123456"}],"accountReference":"KCA 123X","description":"Parking","allowQueue":true},"attempts":[{"number":1,"reference":"rc1-failed-over-1-lgbjrkj5","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":4,"source":0,"code":"503","reason":"service unavailable"},{"number":2,"reference":"rc1-failed-over-2-lkgddbqa","provider":"paystack","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":0,"source":0,"providerReference":"paystack-ref-1","receipt":"PAYSTACK-R000001"}]}');
INSERT INTO rc1_fixture.payments VALUES ('rc1-declined', 'D37D71029A2619CB0ECB76F96CB39F2228E462FB9128001186D55B8EABAD355E', 4, 2, NULL, NULL, NULL, 0, '2026-12-07 06:00:00+00', '2026-12-07 06:00:00+00', '{"v":1,"key":"rc1-declined","fingerprint":"D37D71029A2619CB0ECB76F96CB39F2228E462FB9128001186D55B8EABAD355E","status":4,"version":2,"createdAt":1796623200000,"updatedAt":1796623200000,"queueRounds":0,"statusChecks":0,"request":{"amount":"200","currency":"KES","instruments":[{"kind":"mobile-money","phone":"254712345678"},{"kind":"mobile-money","phone":"254733123456"}],"accountReference":"KCA 123X","description":"Parking","allowQueue":true},"attempts":[{"number":1,"reference":"rc1-declined-1-ql22ldir","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":3,"source":0,"providerReference":"mpesa-ref-2","code":"1032","reason":"declined by the fake provider"}]}');
INSERT INTO rc1_fixture.payments VALUES ('rc1-queued', '485593AE3958E2E7FC7721CDDA253000CD6616F72B899B4CFF28C09BCD26E2F1', 5, 9, '2026-12-07 06:00:13.412+00', NULL, NULL, 1, '2026-12-07 06:00:00+00', '2026-12-07 06:00:00+00', '{"v":1,"key":"rc1-queued","fingerprint":"485593AE3958E2E7FC7721CDDA253000CD6616F72B899B4CFF28C09BCD26E2F1","status":5,"version":9,"createdAt":1796623200000,"updatedAt":1796623200000,"dueAt":1796623213412,"queueRounds":1,"statusChecks":0,"failureReason":"No provider can take the payment now; it will be retried. mpesa (mobile-money 2547****5678): service unavailable; paystack (mobile-money 2547****5678): service unavailable; mpesa (mobile-money 2547****3456): service unavailable; paystack (mobile-money 2547****3456): service unavailable.","request":{"amount":"200","currency":"KES","instruments":[{"kind":"mobile-money","phone":"254712345678"},{"kind":"mobile-money","phone":"254733123456"}],"accountReference":"KCA 123X","description":"Parking","allowQueue":true},"attempts":[{"number":1,"reference":"rc1-queued-1-npxnhjyn","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":4,"source":0,"code":"503","reason":"service unavailable"},{"number":2,"reference":"rc1-queued-2-secdmgm5","provider":"paystack","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":4,"source":0,"code":"503","reason":"service unavailable"},{"number":3,"reference":"rc1-queued-3-iloe2hnk","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254733123456"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":4,"source":0,"code":"503","reason":"service unavailable"},{"number":4,"reference":"rc1-queued-4-etad3gqo","provider":"paystack","instrument":{"kind":"mobile-money","phone":"254733123456"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":4,"source":0,"code":"503","reason":"service unavailable"}]}');
INSERT INTO rc1_fixture.payments VALUES ('rc1-pending', 'D3190D5DC79D1BFE06FB81A38C155539A26529AC5E44137776C856775C74A655', 1, 2, '2026-12-07 06:00:30+00', NULL, NULL, 0, '2026-12-07 06:00:00+00', '2026-12-07 06:00:00+00', '{"v":1,"key":"rc1-pending","fingerprint":"D3190D5DC79D1BFE06FB81A38C155539A26529AC5E44137776C856775C74A655","status":1,"version":2,"createdAt":1796623200000,"updatedAt":1796623200000,"dueAt":1796623230000,"queueRounds":0,"statusChecks":0,"request":{"amount":"200","currency":"KES","instruments":[{"kind":"mobile-money","phone":"254712345678"},{"kind":"mobile-money","phone":"254733123456"}],"accountReference":"KCA 123X","description":"Parking","allowQueue":true},"attempts":[{"number":1,"reference":"rc1-pending-1-az7g3war","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":1,"source":0,"providerReference":"mpesa-ref-3","reason":"waiting for the payer"}]}');
INSERT INTO rc1_fixture.payments VALUES ('rc1-unknown', '1906543BB5F5149D008B0C8D3FFAE85FE78EC22056107D71117DCA1EAB281F73', 1, 2, '2026-12-07 06:00:30+00', NULL, NULL, 0, '2026-12-07 06:00:00+00', '2026-12-07 06:00:00+00', '{"v":1,"key":"rc1-unknown","fingerprint":"1906543BB5F5149D008B0C8D3FFAE85FE78EC22056107D71117DCA1EAB281F73","status":1,"version":2,"createdAt":1796623200000,"updatedAt":1796623200000,"dueAt":1796623230000,"queueRounds":0,"statusChecks":0,"request":{"amount":"200","currency":"KES","instruments":[{"kind":"mobile-money","phone":"254712345678"},{"kind":"mobile-money","phone":"254733123456"}],"accountReference":"KCA 123X","description":"Parking","allowQueue":true},"attempts":[{"number":1,"reference":"rc1-unknown-1-bhmp7fva","provider":"mpesa","instrument":{"kind":"mobile-money","phone":"254712345678"},"startedAt":1796623200000,"completedAt":1796623200000,"outcome":5,"source":0,"reason":"connection reset after send"}]}');


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: rc1_fixture; Owner: -
--

INSERT INTO rc1_fixture.schema_version VALUES (1, '2026-12-07 14:56:55.332009+00', 'Resilience.Payments.PostgreSql 1.0.0.0');


--
-- Name: payment_attempts payment_attempts_pkey; Type: CONSTRAINT; Schema: rc1_fixture; Owner: -
--

ALTER TABLE ONLY rc1_fixture.payment_attempts
    ADD CONSTRAINT payment_attempts_pkey PRIMARY KEY (payment_key, number);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: rc1_fixture; Owner: -
--

ALTER TABLE ONLY rc1_fixture.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (key);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: rc1_fixture; Owner: -
--

ALTER TABLE ONLY rc1_fixture.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: payment_attempts_provider_reference_idx; Type: INDEX; Schema: rc1_fixture; Owner: -
--

CREATE INDEX payment_attempts_provider_reference_idx ON rc1_fixture.payment_attempts USING btree (lower(provider), provider_reference) WHERE (provider_reference IS NOT NULL);


--
-- Name: payments_claim_idx; Type: INDEX; Schema: rc1_fixture; Owner: -
--

CREATE INDEX payments_claim_idx ON rc1_fixture.payments USING btree (status, due_at) WHERE (due_at IS NOT NULL);


--
-- Name: payments_created_idx; Type: INDEX; Schema: rc1_fixture; Owner: -
--

CREATE INDEX payments_created_idx ON rc1_fixture.payments USING btree (created_at, key);


--
-- Name: payment_attempts payment_attempts_payment_key_fkey; Type: FK CONSTRAINT; Schema: rc1_fixture; Owner: -
--

ALTER TABLE ONLY rc1_fixture.payment_attempts
    ADD CONSTRAINT payment_attempts_payment_key_fkey FOREIGN KEY (payment_key) REFERENCES rc1_fixture.payments(key) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict lx9yPDN1vTjj6LYA5GVs1qGbJFGlcBnWlpx82rJmiv0b4U92i29KgqY7sI3C0JS

