CREATE TABLE "agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "anchors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"count" bigint NOT NULL,
	"head" text NOT NULL,
	"at" bigint NOT NULL,
	"mac" text NOT NULL,
	"received_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blob_chunks" (
	"owner_id" integer NOT NULL,
	"sha256" text NOT NULL,
	"offset" bigint NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "blob_chunks_owner_id_sha256_offset_pk" PRIMARY KEY("owner_id","sha256","offset")
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"owner_id" integer NOT NULL,
	"sha256" text NOT NULL,
	"total" bigint NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "blobs_owner_id_sha256_pk" PRIMARY KEY("owner_id","sha256")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"packet_id" text NOT NULL,
	"recipient_id" integer NOT NULL,
	"sender_id" integer NOT NULL,
	"feed_seq" integer NOT NULL,
	"delivered_at" bigint,
	CONSTRAINT "deliveries_packet_id_recipient_id_pk" PRIMARY KEY("packet_id","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "feed_items" (
	"office_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"packet_id" text NOT NULL,
	"recipient" text,
	"at" bigint NOT NULL,
	CONSTRAINT "feed_items_office_id_seq_pk" PRIMARY KEY("office_id","seq")
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"anchor_key" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"feed_seq" integer DEFAULT 0 NOT NULL,
	"purged_seq" integer DEFAULT 0 NOT NULL,
	"acked_seq" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "offices_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "packets" (
	"packet_id" text PRIMARY KEY NOT NULL,
	"sender_id" integer NOT NULL,
	"kind" text NOT NULL,
	"content_hash" text NOT NULL,
	"edxml" text,
	"blob_sha256" text,
	"blob_size" bigint,
	"document_id" text NOT NULL,
	"recipients" jsonb NOT NULL,
	"accepted" jsonb NOT NULL,
	"refused" jsonb NOT NULL,
	"received_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "anchors" ADD CONSTRAINT "anchors_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blobs" ADD CONSTRAINT "blobs_owner_id_offices_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_packet_id_packets_packet_id_fk" FOREIGN KEY ("packet_id") REFERENCES "public"."packets"("packet_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_recipient_id_offices_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_items" ADD CONSTRAINT "feed_items_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packets" ADD CONSTRAINT "packets_sender_id_offices_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_version_idx" ON "agencies" USING btree ("version");--> statement-breakpoint
CREATE INDEX "anchors_office_idx" ON "anchors" USING btree ("office_id","count");--> statement-breakpoint
CREATE INDEX "blobs_sha_idx" ON "blobs" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "deliveries_pending_idx" ON "deliveries" USING btree ("recipient_id","feed_seq") WHERE "deliveries"."delivered_at" IS NULL;--> statement-breakpoint
CREATE INDEX "deliveries_recipient_sender_idx" ON "deliveries" USING btree ("recipient_id","sender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_items_receipt_once" ON "feed_items" USING btree ("office_id","packet_id","recipient") WHERE "feed_items"."type" = 'receipt';--> statement-breakpoint
CREATE INDEX "packets_document_idx" ON "packets" USING btree ("document_id","kind");--> statement-breakpoint
CREATE INDEX "packets_received_idx" ON "packets" USING btree ("received_at");