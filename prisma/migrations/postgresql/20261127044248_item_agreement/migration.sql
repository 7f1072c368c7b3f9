-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "agreement" JSONB,
ADD COLUMN     "agreementAt" TIMESTAMP(3);
