-- AlterTable
ALTER TABLE "MirrorProduct" ADD COLUMN "imageUrl" TEXT;

