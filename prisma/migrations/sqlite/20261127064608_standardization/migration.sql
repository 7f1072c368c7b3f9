-- AlterTable
ALTER TABLE "Project" ADD COLUMN "standardization" JSONB;
