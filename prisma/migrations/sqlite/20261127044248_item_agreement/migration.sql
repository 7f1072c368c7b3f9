-- AlterTable
ALTER TABLE "Item" ADD COLUMN "agreement" JSONB;
ALTER TABLE "Item" ADD COLUMN "agreementAt" DATETIME;
