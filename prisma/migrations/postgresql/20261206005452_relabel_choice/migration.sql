-- AlterTable
ALTER TABLE "ReviewDecision" ADD COLUMN     "relabel" JSONB;
