CREATE TABLE "minutes_file_chunks" (
	"file_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "minutes_file_chunks_pk" PRIMARY KEY("file_id","seq")
);
--> statement-breakpoint
ALTER TABLE "minutes_file_chunks" ADD CONSTRAINT "minutes_file_chunks_file_id_minutes_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."minutes_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Files stored before chunking keep their bytes: split into 1 MiB rows, in order (an empty file has none).
INSERT INTO "minutes_file_chunks" ("file_id", "seq", "data")
  SELECT f."id", g.seq, substring(f."content" FROM g.seq * 1048576 + 1 FOR 1048576)
  FROM "minutes_files" f
  CROSS JOIN LATERAL generate_series(0, (length(f."content") - 1) / 1048576) AS g(seq)
  WHERE length(f."content") > 0;--> statement-breakpoint
ALTER TABLE "minutes_files" DROP COLUMN "content";