-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "leaseVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "leaseVersion" INTEGER NOT NULL DEFAULT 0;
