-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('open', 'accepted', 'escalated', 'flagged', 'resolved', 'excluded');

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "guidelinesUnclear" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "note" TEXT;

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "extraLabelers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "flagReasons" JSONB,
ADD COLUMN     "reviewScore" DOUBLE PRECISION,
ADD COLUMN     "reviewState" "ReviewState" NOT NULL DEFAULT 'open';

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "reviewRules" JSONB;

-- AlterTable
ALTER TABLE "ReviewDecision" ADD COLUMN     "action" TEXT NOT NULL,
ADD COLUMN     "annotationId" TEXT,
ALTER COLUMN "result" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Item_projectId_reviewState_reviewScore_idx" ON "Item"("projectId", "reviewState", "reviewScore");
