-- AlterTable
ALTER TABLE "PredictionOutcome" ADD COLUMN     "watchHit" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "watchList" JSONB;

-- CreateTable
CREATE TABLE "SliceJudgement" (
    "projectId" TEXT NOT NULL,
    "sliceKey" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "ease" TEXT NOT NULL DEFAULT '',
    "importance" TEXT NOT NULL DEFAULT '',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SliceJudgement_pkey" PRIMARY KEY ("projectId","sliceKey","value")
);

-- AddForeignKey
ALTER TABLE "SliceJudgement" ADD CONSTRAINT "SliceJudgement_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
