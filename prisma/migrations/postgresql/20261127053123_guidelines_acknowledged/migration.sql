-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "guidelinesAcknowledged" INTEGER NOT NULL DEFAULT 0;
